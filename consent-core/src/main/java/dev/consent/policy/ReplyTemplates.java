package dev.consent.policy;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The texts of the replies the library sends: double opt-in request, opt-in and opt-out
 * confirmations, clarification and help, per language. The bundled texts (en, es, fr, de, pt, it,
 * under {@code dev/consent/policy/replies/}) carry what CTIA requires: the program name, the
 * message frequency, "Msg &amp; data rates may apply", HELP and STOP instructions; opt-out
 * confirmations say that no more messages will be sent and how to resubscribe, without marketing.
 *
 * <p>Templates name placeholders in braces, {@code {program}}; braces cannot otherwise appear.
 * Immutable and thread-safe; {@link #with} returns a changed copy.
 *
 * <pre>{@code
 * ReplyTemplates replies = ReplyTemplates.defaults()
 *     .with("en", ReplyTemplates.OPTOUT_CONFIRMED, "{program}: unsubscribed, no more messages. Text START to rejoin.");
 * String text = replies.render(ReplyTemplates.OPTOUT_CONFIRMED, "es", Map.of("program", "Acme"));
 * }</pre>
 *
 * @since 0.1
 */
public final class ReplyTemplates {
  /** Double opt-in request: {@code {program} {frequency} {code}}. */
  public static final String OPTIN_REQUEST = "optin.request";
  /** Opt-in confirmation: {@code {program} {frequency}}. */
  public static final String OPTIN_CONFIRMED = "optin.confirmed";
  /** Opt-out confirmation for one program: {@code {program}}. */
  public static final String OPTOUT_CONFIRMED = "optout.confirmed";
  /** Opt-out confirmation for every program: {@code {program}}. */
  public static final String OPTOUT_ALL_CONFIRMED = "optout.all";
  /** Confirmation after START following an opt-out: {@code {program} {frequency}}. */
  public static final String RESUBSCRIBED = "resubscribed";
  /** Question after an {@link Intent#UNCLEAR} message: {@code {program}}. */
  public static final String CLARIFY = "clarify";
  /** Reply to HELP: {@code {program} {frequency} {contact}}. */
  public static final String HELP = "help";

  private static final String FALLBACK = "en";
  private static final int MAX_TEMPLATE = 1600;

  /** Language tag → template key → template. */
  private final Map<String, Map<String, Template>> templates;

  private ReplyTemplates(Map<String, Map<String, Template>> templates) {
    this.templates = templates;
  }

  /** The bundled templates. */
  public static ReplyTemplates defaults() {
    Map<String, Map<String, Template>> all = new HashMap<>();
    Properties index = KeywordResources.load("replies", "index");
    for (String language : KeywordResources.list(index, "languages")) {
      Properties texts = KeywordResources.load("replies", language);
      Map<String, Template> byKey = new HashMap<>();
      texts.stringPropertyNames().stream()
          .filter(key -> !key.equals("source"))
          .forEach(key -> byKey.put(key, Template.parse(texts.getProperty(key))));
      all.put(language, Map.copyOf(byKey));
    }
    return new ReplyTemplates(Map.copyOf(all));
  }

  /**
   * A copy with one template added or replaced, for the host's own wording or another language.
   *
   * @throws InvalidInputException if the language is not a BCP 47 tag, the key or template is
   *     blank, the template is longer than 1600 characters or has unbalanced braces
   */
  public ReplyTemplates with(String language, String key, String template) {
    String tag = KeywordResources.languageTag(language);
    Checks.notBlank(key, "key");
    Checks.maxLength(Checks.notBlank(template, "template"), MAX_TEMPLATE, "template");
    Map<String, Map<String, Template>> copy = new HashMap<>(templates);
    Map<String, Template> byKey = new HashMap<>(copy.getOrDefault(tag, Map.of()));
    byKey.put(key, Template.parse(template));
    copy.put(tag, Map.copyOf(byKey));
    return new ReplyTemplates(Map.copyOf(copy));
  }

  /**
   * The template {@code key} in {@code language} with its placeholders filled in. Falls back from
   * {@code pt-BR} to {@code pt}, then to English, when the language or the key is missing there;
   * a null or unknown language gets English.
   *
   * @throws InvalidInputException if no language has the key, or a placeholder has no value (the
   *     message names the placeholder)
   */
  public String render(String key, @Nullable String language, Map<String, String> values) {
    Checks.notNull(key, "key");
    Checks.notNull(values, "values");
    return template(key, language).render(key, values);
  }

  /** The languages that have at least one template, as BCP 47 tags. */
  public Set<String> languages() {
    return Collections.unmodifiableSet(new TreeSet<>(templates.keySet()));
  }

  /** The template keys available in {@code language} itself, without fallback. */
  public Set<String> keys(String language) {
    String tag = Locale.forLanguageTag(Checks.notNull(language, "language")).toLanguageTag();
    return Collections.unmodifiableSet(new TreeSet<>(templates.getOrDefault(tag, Map.of()).keySet()));
  }

  private Template template(String key, @Nullable String language) {
    for (String candidate : candidates(language)) {
      Template found = templates.getOrDefault(candidate, Map.of()).get(key);
      if (found != null) {
        return found;
      }
    }
    throw new InvalidInputException("no reply template " + key);
  }

  private static List<String> candidates(@Nullable String language) {
    List<String> result = new ArrayList<>(3);
    if (language != null && !language.isBlank()) {
      Locale locale = Locale.forLanguageTag(language.strip());
      result.add(locale.toLanguageTag());
      result.add(locale.getLanguage());
    }
    result.add(FALLBACK);
    return result;
  }

  /** A template cut into literal text and placeholder names: literal, name, literal, ..., literal. */
  private record Template(List<String> literals, List<String> names) {
    static Template parse(String text) {
      List<String> literals = new ArrayList<>();
      List<String> names = new ArrayList<>();
      int at = 0;
      for (int open = text.indexOf('{'); open >= 0; open = text.indexOf('{', at)) {
        int close = text.indexOf('}', open);
        String name = close < 0 ? "" : text.substring(open + 1, close);
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}") || text.substring(at, open).contains("}")) {
          throw new InvalidInputException("template has a malformed placeholder");
        }
        literals.add(text.substring(at, open));
        names.add(name);
        at = close + 1;
      }
      if (text.indexOf('}', at) >= 0) {
        throw new InvalidInputException("template has a malformed placeholder");
      }
      literals.add(text.substring(at));
      return new Template(List.copyOf(literals), List.copyOf(names));
    }

    String render(String key, Map<String, String> values) {
      StringBuilder sb = new StringBuilder(literals.get(0));
      for (int i = 0; i < names.size(); i++) {
        String value = values.get(names.get(i));
        if (value == null) {
          throw new InvalidInputException(
              "reply template " + key + " needs a value for {" + names.get(i) + "}");
        }
        sb.append(value).append(literals.get(i + 1));
      }
      return sb.toString();
    }
  }
}
