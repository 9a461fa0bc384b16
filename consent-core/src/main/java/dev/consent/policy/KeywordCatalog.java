package dev.consent.policy;

import dev.consent.ConfigurationException;
import dev.consent.InvalidInputException;
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

  static KeywordCatalog bundled() {
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
