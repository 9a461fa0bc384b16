package dev.consent.policy;

import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The mutable keyword data behind a {@link KeywordClassifier.Builder}: the bundled lists plus the
 * host's changes. All words are kept normalised. Not thread-safe; the classifier copies what it needs.
 */
final class KeywordCatalog {
  final Map<String, KeywordEntry> keywords = new LinkedHashMap<>();
  final Map<List<String>, KeywordEntry> phrases = new LinkedHashMap<>();
  final Map<List<String>, KeywordEntry> strong = new LinkedHashMap<>();
  final Map<List<String>, KeywordEntry> filler = new LinkedHashMap<>();
  final Set<String> topics = new HashSet<>();
  /** FCC and CTIA core words, spaces removed, so that OPT OUT and OPTOUT are both protected. */
  final Set<String> core = new LinkedHashSet<>();
  /** Words that decide a message when they lead it ("Stop sending these"), spaces removed. */
  final Set<String> first = new LinkedHashSet<>();
  /**
   * Negations just before an opt-out word ("DONT STOP", "NEVER STOP"): OTHER entries cancel the
   * word, UNCLEAR entries (a word that also means a plain "no", like Portuguese NAO) leave at most
   * a mention.
   */
  final Map<List<String>, KeywordEntry> negations = new LinkedHashMap<>();
  /** Phrases, strong words and help words of languages written without spaces, found inside words. */
  final List<KeywordSubstrings.Needle> substrings = new ArrayList<>();
  /** Negations of languages written without spaces, before ({@code true}) or after the word. */
  final Map<String, Boolean> substringNegations = new LinkedHashMap<>();
  /** Real words one typo away from a keyword ("STEP", "INTO"): never read as that keyword. */
  final Set<String> fuzzyExclude = new HashSet<>();
  /** Host brand and place names that contain a keyword ("STOP SHOP"): ignored when classifying. */
  final Map<List<String>, KeywordEntry> names = new LinkedHashMap<>();

  /** The bundled lists, read on first use (42 files, most of a classifier's build time); kept unchanged. */
  private static final class Bundled {
    static final KeywordCatalog LISTS = read();
  }

  /** A copy of the bundled lists, the caller's to change. */
  static KeywordCatalog bundled() {
    return Bundled.LISTS.copy();
  }

  private static KeywordCatalog read() {
    KeywordCatalog catalog = new KeywordCatalog();
    Properties index = KeywordResources.load("keywords", "index");
    for (String language : KeywordResources.list(index, "languages")) {
      catalog.load(KeywordResources.load("keywords", language), language);
    }
    catalog.checkCore();
    return catalog;
  }

  KeywordCatalog copy() {
    KeywordCatalog copy = new KeywordCatalog();
    copy.keywords.putAll(keywords);
    copy.phrases.putAll(phrases);
    copy.strong.putAll(strong);
    copy.filler.putAll(filler);
    copy.topics.addAll(topics);
    copy.core.addAll(core);
    copy.first.addAll(first);
    copy.negations.putAll(negations);
    copy.substrings.addAll(substrings);
    copy.substringNegations.putAll(substringNegations);
    copy.fuzzyExclude.addAll(fuzzyExclude);
    copy.names.putAll(names);
    return copy;
  }

  private void load(Properties p, String language) {
    loadWords(p, "optout", Intent.OPT_OUT, language);
    loadWords(p, "optout.all", Intent.OPT_OUT_ALL, language);
    loadWords(p, "optin", Intent.OPT_IN, language);
    loadWords(p, "confirm", Intent.CONFIRM, language);
    loadWords(p, "help", Intent.HELP, language);
    loadPhrases(p, "optout.phrases", phrases, new KeywordEntry(Intent.OPT_OUT, language));
    loadPhrases(p, "optout.all.phrases", phrases, new KeywordEntry(Intent.OPT_OUT_ALL, language));
    loadPhrases(p, "optout.strong", strong, new KeywordEntry(Intent.UNCLEAR, language));
    loadPhrases(p, "filler", filler, new KeywordEntry(Intent.OTHER, language));
    KeywordResources.list(p, "topic").forEach(t -> topics.add(KeywordNormalizer.normalize(t)));
    KeywordResources.list(p, "core").forEach(w -> core.add(compact(key(w))));
    KeywordResources.list(p, "first").forEach(w -> first.add(compact(key(w))));
    KeywordResources.list(p, "fuzzy.exclude").forEach(w -> fuzzyExclude.add(compact(key(w))));
    boolean inside = "substring".equals(p.getProperty("match", "words").trim());
    if (inside) {
      loadNeedles(p, "optout.phrases", KeywordRole.PHRASE, new KeywordEntry(Intent.OPT_OUT, language));
      loadNeedles(p, "optout.all.phrases", KeywordRole.PHRASE, new KeywordEntry(Intent.OPT_OUT_ALL, language));
      loadNeedles(p, "optout.strong", KeywordRole.STRONG, new KeywordEntry(Intent.UNCLEAR, language));
      loadNeedles(p, "help", KeywordRole.FIRST_HELP, new KeywordEntry(Intent.HELP, language));
      KeywordResources.list(p, "negation").forEach(w -> substringNegations.put(compact(key(w)), true));
      KeywordResources.list(p, "negation.after").forEach(w -> substringNegations.put(compact(key(w)), false));
    } else {
      loadPhrases(p, "negation", negations, new KeywordEntry(Intent.OTHER, language));
      loadPhrases(p, "negation.weak", negations, new KeywordEntry(Intent.UNCLEAR, language));
    }
  }

  private void loadNeedles(Properties p, String property, KeywordRole role, KeywordEntry entry) {
    for (String pattern : KeywordResources.list(p, property)) {
      for (List<String> words : KeywordPattern.expand(pattern)) {
        substrings.add(new KeywordSubstrings.Needle(String.join(" ", words), role, entry));
      }
    }
  }

  /** Adds a host brand or place name; a name that is a core keyword would hide it and is refused. */
  void addName(String name) {
    String key = key(name);
    if (isCore(key) || find(compact(key)) != null) {
      throw new InvalidInputException("name " + key + " is itself a keyword; it cannot be ignored");
    }
    names.put(List.of(key.split(" ")), new KeywordEntry(Intent.OTHER, "und"));
  }

  private void loadWords(Properties p, String property, Intent intent, String language) {
    for (String word : KeywordResources.list(p, property)) {
      keywords.putIfAbsent(key(word), new KeywordEntry(intent, language));
    }
  }

  private static void loadPhrases(
      Properties p, String property, Map<List<String>, KeywordEntry> into, KeywordEntry entry) {
    for (String pattern : KeywordResources.list(p, property)) {
      KeywordPattern.expand(pattern).forEach(words -> into.putIfAbsent(words, entry));
    }
  }

  private void checkCore() {
    for (String word : core) {
      if (find(word) == null) {
        throw new ConfigurationException("core keyword " + word + " is not in any bundled list");
      }
    }
  }

  /** Adds a host keyword; a word that already means something else must be removed first. */
  void add(Intent intent, String language, String word) {
    String key = key(word);
    KeywordEntry existing = find(compact(key));
    if (existing != null && existing.intent() != intent) {
      throw new InvalidInputException(
          "keyword " + key + " already means " + existing.intent() + "; remove it first");
    }
    if (!isCore(key)) {
      keywords.put(key, new KeywordEntry(intent, language));
    }
  }

  void addPhrase(Intent intent, String language, String pattern) {
    KeywordPattern.expand(pattern).forEach(w -> phrases.put(w, new KeywordEntry(intent, language)));
  }

  /** Removes a word from the keyword, phrase and strong-word lists; core words are refused. */
  void remove(String word) {
    String key = key(word);
    if (isCore(key)) {
      throw new InvalidInputException("keyword " + key + " is an FCC/CTIA core keyword and cannot be removed");
    }
    String compact = compact(key);
    keywords.keySet().removeIf(k -> compact(k).equals(compact));
    phrases.keySet().removeIf(words -> compact(String.join("", words)).equals(compact));
    strong.keySet().removeIf(words -> compact(String.join("", words)).equals(compact));
  }

  boolean leads(String key) {
    return first.contains(compact(key));
  }

  boolean isCore(String key) {
    return core.contains(compact(key));
  }

  private @Nullable KeywordEntry find(String compact) {
    for (Map.Entry<String, KeywordEntry> e : keywords.entrySet()) {
      if (compact(e.getKey()).equals(compact)) {
        return e.getValue();
      }
    }
    return null;
  }

  static String key(String word) {
    return String.join(" ", KeywordPattern.words(word));
  }

  static String compact(String key) {
    return key.replace(" ", "");
  }
}
