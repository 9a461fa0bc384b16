package dev.consent.policy;

import dev.consent.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Phrase patterns as written in the keyword resources, expanded into plain word sequences.
 *
 * <p>A pattern is a list of slots separated by spaces. A slot lists alternatives separated by
 * {@code |}; a trailing {@code ?} makes the slot optional; an underscore joins several words into
 * one alternative. Every alternative is normalised like a message. So {@code
 * "DONT|DO_NOT TEXT|MESSAGE ME|US?"} stands for "DONT TEXT ME", "DO NOT MESSAGE", and so on.
 */
final class KeywordPattern {
  static final int MAX_EXPANSIONS = 4096;

  private KeywordPattern() {}

  static List<List<String>> expand(String pattern) {
    List<List<String>> done = List.of(List.of());
    for (String slot : pattern.trim().split("\\s+")) {
      done = extend(done, slot, pattern);
    }
    List<List<String>> result = new ArrayList<>(done);
    result.removeIf(List::isEmpty);
    if (result.isEmpty()) {
      throw new InvalidInputException("phrase pattern has no required word");
    }
    return result;
  }

  private static List<List<String>> extend(List<List<String>> done, String slot, String pattern) {
    boolean optional = slot.endsWith("?");
    String body = optional ? slot.substring(0, slot.length() - 1) : slot;
    List<List<String>> alternatives = alternatives(body);
    if (optional) {
      alternatives.add(List.of());
    }
    List<List<String>> next = new ArrayList<>();
    for (List<String> prefix : done) {
      for (List<String> alternative : alternatives) {
        List<String> joined = new ArrayList<>(prefix);
        joined.addAll(alternative);
        next.add(joined);
      }
    }
    if (next.size() > MAX_EXPANSIONS) {
      throw new InvalidInputException("phrase pattern expands to more than " + MAX_EXPANSIONS + " phrases");
    }
    return next;
  }

  private static List<List<String>> alternatives(String slot) {
    List<List<String>> result = new ArrayList<>();
    for (String alternative : slot.split("\\|", -1)) {
      result.add(words(alternative));
    }
    return result;
  }

  /** The normalised words of one keyword or alternative; never empty. */
  static List<String> words(String keyword) {
    String normalized = KeywordNormalizer.normalize(keyword);
    if (normalized.isEmpty()) {
      throw new InvalidInputException("keyword or phrase alternative has no letters or digits");
    }
    return List.of(normalized.split(" "));
  }

  static List<String> words(String[] all, int from, int to) {
    return Arrays.asList(all).subList(from, to);
  }
}
