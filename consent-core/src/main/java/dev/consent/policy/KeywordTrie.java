package dev.consent.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Word sequences (keywords, phrases, filler) in a trie over whole words, so that finding every
 * sequence that starts or ends at a position costs one hash lookup per word. Immutable once built.
 */
final class KeywordTrie {
  /** A sequence found in a message: the words {@code [start, end)} and what they mean. */
  record Match(int start, int end, KeywordEntry entry) {}

  private static final class Node {
    final Map<String, Node> next = new HashMap<>(4);
    @Nullable KeywordEntry entry;
  }

  private final Node root = new Node();
  private final boolean backward;

  private KeywordTrie(Map<List<String>, KeywordEntry> sequences, boolean backward) {
    this.backward = backward;
    sequences.forEach(this::insert);
  }

  /** A trie that matches sequences reading forwards from a start word. */
  static KeywordTrie forward(Map<List<String>, KeywordEntry> sequences) {
    return new KeywordTrie(sequences, false);
  }

  /** A trie that matches sequences reading backwards from an end word. */
  static KeywordTrie backward(Map<List<String>, KeywordEntry> sequences) {
    return new KeywordTrie(sequences, true);
  }

  private void insert(List<String> words, KeywordEntry entry) {
    Node node = root;
    int n = words.size();
    for (int i = 0; i < n; i++) {
      node = node.next.computeIfAbsent(words.get(backward ? n - 1 - i : i), w -> new Node());
    }
    if (node.entry == null) {
      node.entry = entry;
    }
  }

  /** The longest sequence that starts at {@code from} and ends at or before {@code to}. */
  @Nullable Match longestAt(String[] words, int from, int to) {
    Node node = root;
    Match best = null;
    for (int i = from; i < to; i++) {
      node = node.next.get(words[i]);
      if (node == null) {
        break;
      }
      if (node.entry != null) {
        best = new Match(from, i + 1, node.entry);
      }
    }
    return best;
  }

  /** The longest sequence (of a backward trie) that ends just before {@code to}, not before {@code from}. */
  @Nullable Match longestBefore(String[] words, int from, int to) {
    Node node = root;
    Match best = null;
    for (int i = to - 1; i >= from; i--) {
      node = node.next.get(words[i]);
      if (node == null) {
        break;
      }
      if (node.entry != null) {
        best = new Match(i, to, node.entry);
      }
    }
    return best;
  }

  /** The first sequence found anywhere in {@code words}, preferring one of {@code preferred}. */
  @Nullable Match find(String[] words, @Nullable Intent preferred) {
    Match first = null;
    for (int i = 0; i < words.length; i++) {
      Match m = longestAt(words, i, words.length);
      if (m != null && (preferred == null || m.entry().intent() == preferred)) {
        return m;
      }
      if (first == null) {
        first = m;
      }
    }
    return first;
  }
}
