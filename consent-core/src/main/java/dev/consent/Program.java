package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SMS program a purpose runs as, in the CTIA sense: the brand name people see, the sender
 * numbers (long codes, short codes or alphanumeric ids) it sends from, how often it sends, and the
 * HELP text per language. A reply to one of its senders is attributed to this program.
 *
 * @param id stable identifier, e.g. {@code acme-deals}
 * @param name brand or program name shown in every confirmation, e.g. {@code ACME Deals}
 * @param senders sender ids this program sends from (at least one)
 * @param frequency message frequency text, e.g. {@code Up to 4 msgs/month}; a count per period it
 *     states is enforced ({@link #declaredCaps})
 * @param helpText HELP reply per BCP 47 language tag (must contain {@code en} or the default)
 * @param joinKeywords keywords that start an opt-in when texted to a sender, e.g. {@code JOIN}
 * @param defaultLanguage language used when the person's is unknown
 * @since 0.1
 */
public record Program(
    String id,
    String name,
    List<String> senders,
    String frequency,
    Map<String, String> helpText,
    List<String> joinKeywords,
    String defaultLanguage) {

  public Program {
    Checks.id(id, "program id");
    Checks.maxLength(Checks.notBlank(name, "program name"), 64, "program name");
    Checks.notNull(senders, "program senders");
    if (senders.isEmpty()) {
      throw new InvalidInputException("program '" + id + "' needs at least one sender");
    }
    senders.forEach(s -> Checks.maxLength(Checks.notBlank(s, "sender"), 32, "sender"));
    senders = List.copyOf(senders);
    Checks.maxLength(Checks.notBlank(frequency, "program frequency"), 80, "program frequency");
    FrequencyCap.declaredIn(frequency); // a count of zero is refused here, not at the first send
    Checks.notBlank(defaultLanguage, "default language");
    defaultLanguage = defaultLanguage.toLowerCase(Locale.ROOT);
    TreeMap<String, String> help = new TreeMap<>();
    Checks.notNull(helpText, "help text").forEach(
        (lang, text) -> help.put(lang.toLowerCase(Locale.ROOT), Checks.notBlank(text, "help text")));
    if (!help.containsKey(defaultLanguage)) {
      throw new InvalidInputException(
          "program '" + id + "' needs a help text in its default language " + defaultLanguage);
    }
    helpText = java.util.Collections.unmodifiableMap(help);
    joinKeywords =
        Checks.notNull(joinKeywords, "join keywords").stream()
            .map(k -> Checks.notBlank(k, "join keyword").trim().toUpperCase(Locale.ROOT))
            .toList();
  }

  /** A program with one sender, English help text and {@code JOIN} as its keyword. */
  public static Program of(String id, String name, String sender, String frequency, String help) {
    return new Program(id, name, List.of(sender), frequency, Map.of("en", help), List.of("JOIN"), "en");
  }

  /**
   * The caps the {@link #frequency} text declares ({@link FrequencyCap#declaredIn}): the gate holds
   * the gated messages of all this program's purposes to one number under each, across instances.
   * Empty for a text that states no count per period, such as "Msg frequency varies".
   *
   * @since 0.5
   */
  public List<FrequencyCap> declaredCaps() {
    return FrequencyCap.declaredIn(frequency);
  }

  /** The HELP text in {@code language}, else in the default language. */
  public String help(String language) {
    return Optional.ofNullable(helpText.get(language.toLowerCase(Locale.ROOT)))
        .orElse(helpText.get(defaultLanguage));
  }

  /** A copy with other sender ids. */
  public Program withSenders(List<String> newSenders) {
    return new Program(id, name, newSenders, frequency, helpText, joinKeywords, defaultLanguage);
  }

  /** A copy with HELP text added or replaced for one language. */
  public Program withHelp(String language, String text) {
    TreeMap<String, String> help = new TreeMap<>(helpText);
    help.put(language, text);
    return new Program(id, name, senders, frequency, help, joinKeywords, defaultLanguage);
  }
}
