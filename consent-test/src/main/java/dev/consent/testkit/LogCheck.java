package dev.consent.testkit;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.consent.InboundMessage;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import dev.consent.spi.OutgoingSms;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when a log line or an exception message holds personal data or a secret: a full
 * phone number (E.164, with or without {@code +}, national digits, national and international
 * formats), a message body, a confirmation code, or a key.
 *
 * <p>Add {@code @ExtendWith(LogCheck.class)} to a test class (subclasses and {@code @Nested} classes
 * inherit it). While it runs, every logger of the library ({@code dev.consent}) logs at every level
 * down to TRACE into a capturing appender; other loggers are captured at their configured levels.
 * The console still shows what the test configuration showed before (or nothing while {@link #mute}
 * is on). After each test the extension collects the sensitive values the test holds (every {@link
 * PhoneNumber}, {@link OutgoingSms} body and the codes in it, {@link MessageRecord} body, longer
 * {@link InboundMessage} body and {@link SecretKey} reachable from the test instances, their
 * fixtures, kits, carriers and in-memory stores, and static number fields), adds what the test
 * named with {@link #hold}, and fails if any captured message, argument, key-value pair or
 * throwable message (causes and suppressed included), or any exception message passed to {@link
 * #thrown}, contains one. Values of eight characters or more match anywhere; shorter ones (codes)
 * match as whole words, so that a code inside a hash is not a false alarm.
 *
 * <p>Log lines are captured from the tests' SLF4J backend when it is logback-classic or {@code
 * slf4j-jdk14} (java.util.logging); see {@link #capturing()}. With any other backend the check still
 * covers exception messages and logs one WARN (through that backend) saying why it cannot read log
 * lines; run the tests with {@code -Dconsent.logCheck=required} to fail instead.
 */
public final class LogCheck implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  static final String LIBRARY = "dev.consent";
  private static final int WHOLE_WORD_BELOW = 8;
  private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private static final Object LOCK = new Object();
  private static int depth;
  private static volatile LogCapture capture;
  private static final Set<String> held = ConcurrentHashMap.newKeySet();
  private static final Queue<String> exceptionMessages = new ConcurrentLinkedQueue<>();

  /** One captured event: where it came from and every text it carries. */
  record Line(String logger, String level, List<String> texts) {}

  // ---- what tests call

  /** Holds values no log line or exception message may contain (bodies, codes, secrets). */
  public static void hold(String... values) {
    for (String v : values) {
      if (v != null && v.strip().length() >= 4) {
        held.add(v.strip());
      }
    }
  }

  /** Holds every written form of the numbers. */
  public static void hold(PhoneNumber... numbers) {
    for (PhoneNumber n : numbers) {
      if (n != null) {
        held.addAll(forms(n));
      }
    }
  }

  /** Checks an exception's message (and its causes') with the captured lines. */
  public static void thrown(Throwable t) {
    if (capture != null) {
      List<String> texts = new ArrayList<>();
      messages(t, texts, new IdentityHashMap<>());
      exceptionMessages.addAll(texts);
    }
  }

  /**
   * The messages (formatted, as a log line shows them) captured since the test began, oldest first,
   * without consuming them: for tests of a log line's shape.
   */
  public static List<String> messages() {
    LogCapture c = capture;
    return c == null ? List.of() : c.lines.stream().map(l -> l.texts().get(0)).toList();
  }

  /** Whether a check is running (the extension is active). */
  public static boolean active() {
    return capture != null;
  }

  /**
   * Whether the running check reads log lines: false outside a check and when the tests' SLF4J
   * backend is one the kit cannot capture (then only exception messages are checked).
   */
  public static boolean capturing() {
    LogCapture c = capture;
    return c != null && c.capturing();
  }

  /**
   * Stops showing the library's lines on the console (they are still captured and checked) until
   * the returned handle runs: for suites that inject thousands of faults on purpose.
   */
  public static Runnable mute() {
    LogCapture c = capture;
    if (c == null) {
      return () -> { };
    }
    c.muted.incrementAndGet();
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (once.compareAndSet(false, true)) {
        c.muted.decrementAndGet();
      }
    };
  }

  /**
   * The captured lines and registered exception messages that contain a held value, drained: what
   * the extension fails on after each test. Public so that a test can show the check fails.
   */
  public static List<String> leaks() {
    List<Line> lines = new ArrayList<>();
    LogCapture c = capture;
    if (c != null) {
      for (Line l; (l = c.lines.poll()) != null; ) {
        lines.add(l);
      }
    }
    for (String m; (m = exceptionMessages.poll()) != null; ) {
      lines.add(new Line("exception", "THROWN", List.of(m)));
    }
    List<String> longValues = new ArrayList<>();
    Set<String> shortValues = new java.util.HashSet<>();
    for (String v : held) {
      if (v.length() >= WHOLE_WORD_BELOW) {
        longValues.add(v);
      } else {
        shortValues.add(v);
      }
    }
    List<String> out = new ArrayList<>();
    for (Line l : lines) {
      for (String text : l.texts()) {
        String hit = hit(text, longValues, shortValues);
        if (hit != null) {
          out.add(l.level() + " " + l.logger() + ": \"" + text + "\" holds \"" + hit + "\"");
          break; // one report per line
        }
      }
    }
    return out;
  }

  private static String hit(String text, List<String> longValues, Set<String> shortValues) {
    for (String v : longValues) {
      if (text.contains(v)) {
        return v;
      }
    }
    if (!shortValues.isEmpty()) {
      Matcher m = WORD.matcher(text);
      while (m.find()) {
        if (shortValues.contains(m.group())) {
          return m.group();
        }
      }
    }
    return null;
  }

  // ---- the extension

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (LOCK) {
      if (depth++ == 0) {
        // each top-level class starts from nothing held: what an earlier class held (a sender number its
        // fixture put in a field) must not fail this class's lines, so that test order never matters
        held.clear();
        exceptionMessages.clear();
        capture = LogCapture.install();
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    leaks(); // what an earlier class left behind was checked there
  }

  @Override
  public void afterEach(ExtensionContext context) {
    context.getTestInstances().ifPresent(all -> all.getAllInstances().forEach(LogCheck::holdFrom));
    fail(context, leaks());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      context.getTestInstance().ifPresent(LogCheck::holdFrom);
      fail(context, leaks());
    } finally {
      synchronized (LOCK) {
        if (--depth == 0) {
          capture.uninstall();
          capture = null;
        }
      }
    }
  }

  private static void fail(ExtensionContext context, List<String> leaks) {
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " log line(s) or exception message(s) of " + context.getDisplayName()
          + " hold personal data or a secret:\n  " + String.join("\n  ", leaks.subList(0, Math.min(20, leaks.size()))));
    }
  }

  // ---- finding what a test holds

  /** Holds the sensitive values reachable from {@code root} (see the class comment). */
  public static void holdFrom(Object root) {
    new Walk().walk(root);
  }

  private static final class Walk {
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final Set<Class<?>> staticsSeen = new java.util.HashSet<>();

    void walk(Object o) {
      if (o == null || o instanceof String || o instanceof Enum<?> || o instanceof Number
          || seen.put(o, Boolean.TRUE) != null) {
        return;
      }
      if (o instanceof PhoneNumber n) {
        hold(n);
      } else if (o instanceof OutgoingSms s) {
        hold(s.to());
        holdBody(s.body());
      } else if (o instanceof MessageRecord m) {
        hold(m.number());
        if (m.body() != null) {
          holdBody(m.body());
        }
      } else if (o instanceof InboundMessage m) {
        hold(m.from());
        if (m.body().strip().length() >= 12) {
          hold(m.body());
        }
      } else if (o instanceof SecretKey k) {
        byte[] raw = k.getEncoded();
        if (raw != null) {
          held.add(HexFormat.of().formatHex(raw));
          held.add(Base64.getEncoder().encodeToString(raw));
          held.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        }
      } else if (o instanceof Map<?, ?> m) {
        new ArrayList<>(m.entrySet()).forEach(e -> {
          walk(e.getKey());
          walk(e.getValue());
        });
      } else if (o instanceof Collection<?> c) {
        new ArrayList<>(c).forEach(this::walk);
      } else if (o instanceof Object[] a) {
        for (Object x : a) {
          walk(x);
        }
      } else if (o.getClass().getName().startsWith(LIBRARY)) {
        for (Class<?> k = o.getClass(); k != null && k.getName().startsWith(LIBRARY); k = k.getSuperclass()) {
          statics(k);
          for (Field f : k.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
              walk(read(f, o));
            }
          }
        }
        for (Class<?> outer = o.getClass().getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
          statics(outer);
        }
      }
    }

    /** Static numbers of a class (test constants such as {@code NY}). */
    private void statics(Class<?> k) {
      if (!staticsSeen.add(k)) {
        return;
      }
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())
            && (f.getType() == PhoneNumber.class || f.getType() == PhoneNumber[].class)) {
          walk(read(f, null));
        }
      }
    }

    private static Object read(Field f, Object o) {
      try {
        f.setAccessible(true);
        return f.get(o);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null; // a module-protected field: nothing of ours
      }
    }
  }

  private static void holdBody(String body) {
    hold(body);
    Matcher m = CODE.matcher(body);
    while (m.find()) {
      held.add(m.group(1));
    }
  }

  /** The ways a number is written: E.164, without {@code +}, national digits, national and international formats. */
  static List<String> forms(PhoneNumber n) {
    List<String> out = new ArrayList<>(List.of(n.e164(), n.e164().substring(1)));
    PhoneNumberUtil u = PhoneNumberUtil.getInstance();
    try {
      com.google.i18n.phonenumbers.Phonenumber.PhoneNumber p = u.parse(n.e164(), null);
      out.add(u.getNationalSignificantNumber(p));
      out.add(u.format(p, PhoneNumberUtil.PhoneNumberFormat.NATIONAL));
      out.add(u.format(p, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL));
      out.add(u.format(p, PhoneNumberUtil.PhoneNumberFormat.RFC3966));
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      throw new AssertionError("a PhoneNumber that does not parse", e);
    }
    return out;
  }

  static void messages(Throwable t, List<String> out, IdentityHashMap<Throwable, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null) {
      return;
    }
    out.add(t.getClass().getName() + ": " + t.getMessage());
    messages(t.getCause(), out, seen);
    for (Throwable s : t.getSuppressed()) {
      messages(s, out, seen);
    }
  }
}
