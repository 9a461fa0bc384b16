package dev.consent.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keywords typed with one mistake (FCC/CTIA core words of {@value #MIN_LENGTH} letters, any other
 * keyword of five or more): one letter missing,
 * extra, wrong, or two neighbours swapped ("STPO", "UNSUBSRIBE", "CANCELL"). An index of every
 * keyword with one letter deleted finds the candidates in a few hash look-ups (symmetric delete).
 * A typo is read as a keyword only when all the keywords it is one mistake away from agree: opt-out
 * or help. When they disagree (an opt-out and an opt-in word) it is UNCLEAR; a typo never opts in or
 * confirms, and real words listed as {@code fuzzy.exclude} ("STEP", "INTO") are never typos.
 */
final class KeywordFuzzy {
  static final int MIN_LENGTH = 4;
  static final int MAX_LENGTH = 20;

  private final Map<String, String[]> index = new HashMap<>();
  private final Map<String, KeywordEntry> keywords = new HashMap<>();
  private final Set<String> exclude;

  KeywordFuzzy(Map<String, KeywordEntry> catalogKeywords, Set<String> exclude, Set<String> core) {
    this.exclude = Set.copyOf(exclude);
    catalogKeywords.forEach(
        (key, entry) -> {
          String word = KeywordCatalog.compact(key);
          // four-letter words have many real neighbours (STEP, SHOP, AIDS): only the core ones
          int min = core.contains(word) ? MIN_LENGTH : MIN_LENGTH + 1;
          if (word.length() < min || word.length() > MAX_LENGTH || keywords.containsKey(word)
              || word.chars().anyMatch(KeywordSubstrings::spaceless)) {
            return;
          }
          keywords.put(word, entry);
          add(word, word);
          for (int i = 0; i < word.length(); i++) {
            add(word.substring(0, i) + word.substring(i + 1), word);
          }
        });
  }

  private void add(String variant, String word) {
    String[] known = index.get(variant);
    if (known == null) {
      index.put(variant, new String[] {word});
    } else if (!List.of(known).contains(word)) {
      String[] more = java.util.Arrays.copyOf(known, known.length + 1);
      more[known.length] = word;
      index.put(variant, more);
    }
  }

  /** What a word one mistake away from keywords means, or null when it is none or only opt-in. */
  @Nullable KeywordEntry match(String word) {
    if (word.length() < MIN_LENGTH || word.length() > MAX_LENGTH + 1 || exclude.contains(word)) {
      return null;
    }
    Set<String> candidates = null;
    candidates = collect(word, word, candidates);
    for (int i = 0; i < word.length(); i++) {
      candidates = collect(word.substring(0, i) + word.substring(i + 1), word, candidates);
    }
    if (candidates == null) {
      return null;
    }
    List<KeywordEntry> entries = new ArrayList<>();
    candidates.forEach(c -> entries.add(keywords.get(c)));
    return decide(entries);
  }

  private @Nullable Set<String> collect(String variant, String word, @Nullable Set<String> into) {
    String[] found = index.get(variant);
    if (found != null) {
      for (String candidate : found) {
        if (withinOne(word, candidate)) {
          into = into == null ? new LinkedHashSet<>() : into;
          into.add(candidate);
        }
      }
    }
    return into;
  }

  private static @Nullable KeywordEntry decide(List<KeywordEntry> entries) {
    KeywordEntry optOut = null;
    KeywordEntry help = null;
    boolean other = false;
    for (KeywordEntry e : entries) {
      if (e.intent().isOptOut()) {
        optOut = optOut == null || optOut.intent() == Intent.OPT_OUT_ALL ? e : optOut;
      } else if (e.intent() == Intent.HELP) {
        help = help == null ? e : help;
      } else {
        other = true;
      }
    }
    if (optOut != null) {
      return help == null && !other ? optOut : new KeywordEntry(Intent.UNCLEAR, optOut.language());
    }
    if (help != null) {
      return other ? null : help;
    }
    return null;
  }

  /** Optimal string alignment distance at most one (one edit or one adjacent swap), and not zero. */
  static boolean withinOne(String a, String b) {
    int la = a.length();
    int lb = b.length();
    if (Math.abs(la - lb) > 1 || a.equals(b)) {
      return false;
    }
    if (la == lb) {
      int first = -1;
      int mismatches = 0;
      for (int i = 0; i < la; i++) {
        if (a.charAt(i) != b.charAt(i)) {
          if (++mismatches == 1) {
            first = i;
          } else if (mismatches > 2) {
            return false;
          }
        }
      }
      return mismatches == 1
          || first + 1 < la && a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first)
              && a.regionMatches(first + 2, b, first + 2, la - first - 2);
    }
    String longer = la > lb ? a : b;
    String shorter = la > lb ? b : a;
    int i = 0;
    while (i < shorter.length() && longer.charAt(i) == shorter.charAt(i)) {
      i++;
    }
    return longer.regionMatches(i + 1, shorter, i, shorter.length() - i);
  }
}
