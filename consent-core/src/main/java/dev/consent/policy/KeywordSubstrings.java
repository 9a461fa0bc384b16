package dev.consent.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Phrases, strong words and help words of languages written without spaces between words (Chinese,
 * Japanese, Thai) and of Korean, whose particles attach to words: found anywhere inside the
 * normalised text, not word by word. Only texts that hold such a script are searched, so other
 * messages pay one pass over their characters at most. A needle right after a negation ("不要停止",
 * "อย่าหยุด") or right before one ("停止しないで") does not count.
 */
final class KeywordSubstrings {
  /** One searched string and what finding it means. */
  record Needle(String text, KeywordRole role, KeywordEntry entry) {}

  private final Needle[] needles;
  private final String[] before;
  private final String[] after;

  KeywordSubstrings(List<Needle> needles, Map<String, Boolean> negations) {
    this.needles = needles.toArray(Needle[]::new);
    List<String> b = new ArrayList<>();
    List<String> a = new ArrayList<>();
    negations.forEach((text, isBefore) -> (isBefore ? b : a).add(text));
    this.before = b.toArray(String[]::new);
    this.after = a.toArray(String[]::new);
  }

  /** Whether a code point belongs to a script written without spaces between words (or Korean). */
  static boolean spaceless(int cp) {
    return cp >= 0x0E00 && cp <= 0x0EFF
        || cp >= 0x1100 && cp <= 0x11FF
        || cp >= 0x3005 && cp <= 0x30FF
        || cp >= 0x3130 && cp <= 0x318F
        || cp >= 0x3400 && cp <= 0x9FFF
        || cp >= 0xAC00 && cp <= 0xD7AF
        || cp >= 0xF900 && cp <= 0xFAFF
        || cp >= 0x20000 && cp <= 0x2FFFF;
  }

  /** Fills the PHRASE, STRONG and FIRST_HELP roles of {@code hits} that the word scan left empty. */
  void scan(String normalized, KeywordTrie.Hits hits) {
    if (needles.length == 0 || !hasSpaceless(normalized)) {
      return;
    }
    for (Needle needle : needles) {
      int role = needle.role().ordinal();
      KeywordEntry known = hits.byRole[role];
      boolean upgrade = needle.role() == KeywordRole.PHRASE && known != null
          && known.intent() != Intent.OPT_OUT_ALL && needle.entry().intent() == Intent.OPT_OUT_ALL;
      if (known != null && !upgrade) {
        continue;
      }
      if (found(normalized, needle)) {
        hits.byRole[role] = needle.entry();
      }
    }
  }

  private boolean found(String text, Needle needle) {
    String s = needle.text();
    if (needle.role() == KeywordRole.FIRST_HELP) {
      return text.startsWith(s) && !negated(text, 0, s.length());
    }
    for (int at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
      if (!negated(text, at, at + s.length())) {
        return true;
      }
    }
    return false;
  }

  private boolean negated(String text, int start, int end) {
    int gapBefore = start > 0 && text.charAt(start - 1) == ' ' ? start - 1 : start;
    for (String b : before) {
      if (text.startsWith(b, start - b.length()) || text.startsWith(b, gapBefore - b.length())) {
        return true;
      }
    }
    int gapAfter = end < text.length() && text.charAt(end) == ' ' ? end + 1 : end;
    for (String a : after) {
      if (text.startsWith(a, end) || text.startsWith(a, gapAfter)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasSpaceless(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x0E00 && (spaceless(c) || Character.isSurrogate(c))) {
        return true;
      }
    }
    return false;
  }
}
