package dev.consent.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs compile: every Java snippet of README.md and every {@code <pre>{@code ...}</pre>} example
 * in the Javadoc of the modules compiles on Java 17 ({@code --release 17}) against the modules
 * themselves. A snippet that calls a method that does not exist, or uses a feature Java 17 lacks
 * (pattern matching in switch), fails the build naming its file and line.
 *
 * <p>A snippet is compiled as the body of a method of a subclass of {@link ReadmeContext} or {@link
 * JavadocContext}, which declare what the snippets take as given (the host's data source, KMS,
 * webhook request, ...); or as the class body when it starts with an annotation or {@code public}
 * (a member). README snippets see the public packages of every module; a Javadoc example is compiled
 * in its own class's package and sees core's public packages. Write an elision as a line comment
 * ({@code // ...}) or, in the README, as a block comment.
 */
@DisplayName("Docs compile on Java 17")
class ReadmeSnippetsTest {
  static final Path ROOT = Path.of("..");
  static final Pattern FENCE = Pattern.compile("(?ms)^```java\\n(.*?)^```");
  static final Pattern JAVADOC = Pattern.compile("(?s)<pre>\\{@code\\n(.*?)}</pre>");
  static final Pattern MEMBER = Pattern.compile("\\A\\s*(@\\w+|public )");

  static final String CORE_IMPORTS = String.join("\n",
      "import static org.assertj.core.api.Assertions.assertThat;",
      "import dev.consent.*;",
      "import dev.consent.carrier.*;",
      "import dev.consent.error.*;",
      "import dev.consent.feed.*;",
      "import dev.consent.kit.*;",
      "import dev.consent.memory.*;",
      "import dev.consent.policy.*;",
      "import dev.consent.receipt.*;",
      "import dev.consent.spi.*;",
      "import java.net.*;",
      "import java.security.*;",
      "import java.time.*;",
      "import java.util.*;",
      "import jakarta.validation.*;",
      "import jakarta.validation.constraints.NotNull;",
      "import com.rabbitmq.client.ConnectionFactory;",
      "");

  static final String README_IMPORTS = CORE_IMPORTS + String.join("\n",
      "import dev.consent.jdbc.*;",
      "import dev.consent.sms.twilio.*;",
      "import dev.consent.sms.vonage.*;",
      "import dev.consent.feed.rabbitmq.*;",
      "import dev.consent.feed.kafka.*;",
      "import dev.consent.testkit.MutableClock;",
      "import dev.consent.testkit.TwilioSigner;",
      "import dev.consent.testkit.VonageSigner;",
      "import dev.consent.internal.base.Checks;",
      // the adapters share these (the Vonage package still has a deprecated WebhookRequest of its own)
      "import dev.consent.carrier.WebhookRequest;",
      "import dev.consent.carrier.WebhookResult;",
      "import com.zaxxer.hikari.*;",
      "import org.springframework.context.annotation.Bean;",
      "");

  /** One snippet: where it is written, its code, and how it is compiled. */
  record Snippet(String file, int line, String code, String pkg, String imports, String context) {
    String className() {
      return "Doc" + Integer.toHexString((file + line).hashCode() & 0x7fffffff) + "L" + line;
    }

    boolean members() {
      return MEMBER.matcher(code).find();
    }

    String prefix() {
      return "package " + pkg + ";\n" + imports + "@SuppressWarnings(\"all\")\nclass " + className() + " extends "
          + context + " {\n" + (members() ? "  protected void run() {}\n" : "  protected void run() throws Exception {\n");
    }

    String source() {
      return prefix() + code + (code.endsWith("\n") ? "" : "\n") + (members() ? "}\n" : "  }\n}\n");
    }

    /** The file's line of a line of the generated source. */
    long fileLine(long sourceLine) {
      return line + sourceLine - prefix().chars().filter(c -> c == '\n').count() - 1;
    }
  }

  static List<Snippet> readme(String file, String markdown) {
    List<Snippet> out = new ArrayList<>();
    Matcher m = FENCE.matcher(markdown);
    while (m.find()) {
      int line = lineOf(markdown, m.start()) + 1;
      out.add(new Snippet(file, line, m.group(1), "dev.consent.examples.readme", README_IMPORTS,
          ReadmeContext.class.getName()));
    }
    return out;
  }

  static List<Snippet> javadoc(Path source) {
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
    String own = pkg.find() ? pkg.group(1) : "";
    List<Snippet> out = new ArrayList<>();
    Matcher m = JAVADOC.matcher(text);
    while (m.find()) {
      StringBuilder code = new StringBuilder();
      for (String l : m.group(1).split("\n", -1)) {
        code.append(l.replaceFirst("^\\s*\\* ?", "")).append('\n');
      }
      out.add(new Snippet(ROOT.relativize(source).toString(), lineOf(text, m.start()) + 1, code.toString().stripTrailing(),
          own, CORE_IMPORTS, JavadocContext.class.getName()));
    }
    return out;
  }

  private static int lineOf(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }

  /** Compiles the snippets; returns one line per error: file, line and the compiler's message. */
  static List<String> compile(List<Snippet> snippets, Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> sources = new ArrayList<>();
    for (Snippet s : snippets) {
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + s.pkg().replace('.', '/') + "/" + s.className()
          + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return s.source();
        }
      });
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = List.of("--release", "17", "-proc:none", "-classpath", System.getProperty("java.class.path"),
        "-d", out.toString());
    boolean ok = javac.getTask(new StringWriter(), null, diagnostics, options, null, sources).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String name = d.getSource() == null ? "" : d.getSource().getName();
      Snippet s = snippets.stream().filter(x -> name.endsWith("/" + x.className() + ".java")).findFirst().orElse(null);
      errors.add(s == null ? d.getMessage(Locale.ROOT)
          : s.file() + " line " + s.fileLine(d.getLineNumber()) + ": " + d.getMessage(Locale.ROOT));
    }
    assertThat(ok || !errors.isEmpty()).as("javac failed without an error message").isTrue();
    return errors;
  }

  @Test
  @DisplayName("every ```java block of README.md compiles against the published modules")
  void readmeSnippets(@TempDir Path out) throws IOException {
    List<Snippet> snippets = readme("README.md", Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    assertThat(snippets).as("the README's Java snippets").hasSizeGreaterThanOrEqualTo(19);
    assertThat(compile(snippets, out)).isEmpty();
  }

  @Test
  @DisplayName("every Javadoc code example of the modules' public packages compiles against them")
  void javadocExamples(@TempDir Path out) throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT, 12)) {
      files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
              && !p.toString().contains("/internal/") && !p.toString().contains("/target/"))
          .sorted().forEach(p -> snippets.addAll(javadoc(p)));
    }
    assertThat(snippets).as("the Javadoc examples").hasSizeGreaterThanOrEqualTo(30);
    assertThat(compile(snippets, out)).isEmpty();
  }

  @Test
  @DisplayName("a snippet that calls what does not exist, or switches on patterns (not Java 17), fails, naming its line")
  void catches(@TempDir Path out) {
    String missing = "# t\n\ntext\n```java\nConsentKit k = ConsentKit.builder().build();\n"
        + "k.webhooks().parseInbound(body);\n```\n";
    List<String> errors = compile(readme("README.md", missing), out);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("README.md line 6: ").contains("webhooks");
    String preview = "```java\nObject o = kit;\nswitch (o) {\n  case ConsentKit c -> c.gate();\n  default -> { }\n}\n```\n";
    errors = compile(readme("README.md", preview), out);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("README.md line 4: ").contains("patterns in switch");
  }
}
