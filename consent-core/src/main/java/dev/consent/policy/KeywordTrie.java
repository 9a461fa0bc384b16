package dev.consent.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Word sequences (keywords, phrases, filler) in a trie over whole words, each sequence with a
 * meaning per {@link KeywordRole}. Scanning a message costs one hash lookup per word plus one per
 * word of each partial match, whatever the number of sequences. Filled while the classifier is
 * built, never changed afterwards.
 */
final class KeywordTrie {
  private static final KeywordRole[] ROLES = KeywordRole.values();

  /** A sequence found in a message: the words {@code [start, end)} and what they mean. */
  record Match(int start, int end, KeywordEntry entry) {}

  /** What one pass over a message found: the first match per role, the longest at the start. */
  static final class Hits {
    final KeywordEntry[] byRole = new KeywordEntry[ROLES.length];

    @Nullable KeywordEntry get(KeywordRole role) {
      return byRole[role.ordinal()];
    }
  }

  private static final class Node {
    final Map<String, Node> next = new HashMap<>(4);
    final KeywordEntry[] entries = new KeywordEntry[ROLES.length];
    boolean any;
  }

  private final Node root = new Node();
  private final boolean backward;

  /** A trie read forwards from a start word ({@code backward} false) or backwards from an end word. */
  KeywordTrie(boolean backward) {
    this.backward = backward;
  }

  KeywordTrie addAll(KeywordRole role, Map<List<String>, KeywordEntry> sequences) {
    sequences.forEach((words, entry) -> add(role, words, entry));
    return this;
  }

  void add(KeywordRole role, List<String> words, KeywordEntry entry) {
    Node node = root;
    int n = words.size();
    for (int i = 0; i < n; i++) {
      node = node.next.computeIfAbsent(words.get(backward ? n - 1 - i : i), w -> new Node());
    }
    if (node.entries[role.ordinal()] == null) {
      node.entries[role.ordinal()] = entry;
      node.any = true;
    }
  }

  /** The longest sequence of {@code role} that starts at {@code from} and ends by {@code to}. */
  @Nullable Match longestAt(String[] words, int from, int to, KeywordRole role) {
    Node node = root;
    Match best = null;
    for (int i = from; i < to && (node = node.next.get(words[i])) != null; i++) {
      KeywordEntry entry = node.entries[role.ordinal()];
      best = entry == null ? best : new Match(from, i + 1, entry);
    }
    return best;
  }

  /** In a backward trie: the longest sequence of {@code role} ending just before {@code to}. */
  @Nullable Match longestBefore(String[] words, int from, int to, KeywordRole role) {
    Node node = root;
    Match best = null;
    for (int i = to - 1; i >= from && (node = node.next.get(words[i])) != null; i--) {
      KeywordEntry entry = node.entries[role.ordinal()];
      best = entry == null ? best : new Match(i, to, entry);
    }
    return best;
  }

  /**
   * One pass over all words. Per role it keeps the first match, except that an opt-out-all phrase
   * replaces an opt-out one, and the FIRST_* roles only count (longest) at word {@code from}. A
   * sequence that starts at a word {@code negatedAt} marks ("DONT STOP ...") is no opt-out: after
   * a plain negation (an OTHER entry) it counts for nothing, after one that may also be a plain
   * "no" (an UNCLEAR entry) it counts as a mere mention of a strong word.
   */
  Hits scan(String[] words, int from, KeywordEntry @Nullable [] negatedAt) {
    Hits hits = new Hits();
    for (int start = 0; start < words.length; start++) {
      Node node = root;
      KeywordEntry negation = negatedAt == null ? null : negatedAt[start];
      for (int i = start; i < words.length && (node = node.next.get(words[i])) != null; i++) {
        if (node.any) {
          if (negation == null) {
            record(hits, node.entries, start == from);
          } else {
            recordNegated(hits, node.entries, negation);
          }
        }
      }
    }
    return hits;
  }

  private static void recordNegated(Hits hits, KeywordEntry[] entries, KeywordEntry negation) {
    KeywordEntry topic = entries[KeywordRole.TOPIC.ordinal()];
    if (topic != null && hits.byRole[KeywordRole.TOPIC.ordinal()] == null) {
      hits.byRole[KeywordRole.TOPIC.ordinal()] = topic;
    }
    if (negation.intent() != Intent.UNCLEAR || hits.byRole[KeywordRole.STRONG.ordinal()] != null) {
      return;
    }
    for (KeywordRole role : new KeywordRole[] {KeywordRole.STRONG, KeywordRole.PHRASE, KeywordRole.FIRST_OPT_OUT}) {
      KeywordEntry entry = entries[role.ordinal()];
      if (entry != null) {
        hits.byRole[KeywordRole.STRONG.ordinal()] = new KeywordEntry(Intent.UNCLEAR, entry.language());
        return;
      }
    }
  }

  private static void record(Hits hits, KeywordEntry[] entries, boolean atFrom) {
    for (KeywordRole role : ROLES) {
      KeywordEntry entry = entries[role.ordinal()];
      KeywordEntry known = hits.byRole[role.ordinal()];
      if (entry == null) {
        continue;
      }
      boolean first = role == KeywordRole.FIRST_OPT_OUT || role == KeywordRole.FIRST_HELP;
      if (first ? atFrom : known == null || upgrades(role, known, entry)) {
        hits.byRole[role.ordinal()] = entry;
      }
    }
  }

  private static boolean upgrades(KeywordRole role, KeywordEntry known, KeywordEntry entry) {
    return role == KeywordRole.PHRASE
        && known.intent() != Intent.OPT_OUT_ALL
        && entry.intent() == Intent.OPT_OUT_ALL;
  }
}
