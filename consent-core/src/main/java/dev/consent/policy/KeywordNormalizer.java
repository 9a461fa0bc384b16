package dev.consent.policy;

import java.text.Normalizer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns a message body into upper-case words separated by single spaces. ASCII bodies, the common
 * case, take one pass over the characters; anything else goes through NFKD, upper-casing and
 * accent removal. Total: never throws for a non-null string, and looks at a bounded prefix.
 */
final class KeywordNormalizer {
  /** The longest concatenated SMS most carriers accept; anything longer is not a keyword reply. */
  static final int MAX_CHARS = 1600;

  private KeywordNormalizer() {}

  static String normalize(String body) {
    int end = Math.min(body.length(), MAX_CHARS);
    for (int i = 0; i < end; i++) {
      if (body.charAt(i) >= 0x80) {
        return unicode(body.substring(0, end));
      }
    }
    return ascii(body, end);
  }

  /** The words of a normalised, non-empty string, without a regular expression. */
  static String[] words(String normalized) {
    int count = 1;
    for (int i = 0; i < normalized.length(); i++) {
      if (normalized.charAt(i) == ' ') {
        count++;
      }
    }
    String[] words = new String[count];
    int start = 0;
    for (int w = 0; w < count - 1; w++) {
      int space = normalized.indexOf(' ', start);
      words[w] = normalized.substring(start, space);
      start = space + 1;
    }
    words[count - 1] = normalized.substring(start);
    return words;
  }

  /**
   * The words {@code [from, to)} typed loosely, tightened: single letters joined ("S T O P"), runs
   * of three or more equal characters squeezed to one ("STOOOP"), zero read as O ("ST0P"); or null
   * when there is nothing to tighten.
   */
  static @Nullable String loosened(String[] words, int from, int to) {
    if (to - from == 1) {
      String squeezed = squeeze(words[from]);
      return squeezed.equals(words[from]) ? null : squeezed;
    }
    StringBuilder joined = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (words[i].length() != 1) {
        return null;
      }
      joined.append(words[i]);
    }
    return joined.isEmpty() ? null : joined.toString();
  }

  private static String squeeze(String word) {
    StringBuilder sb = new StringBuilder(word.length());
    int run = 0;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i) == '0' ? 'O' : word.charAt(i);
      run = sb.length() > 0 && sb.charAt(sb.length() - 1) == c ? run + 1 : 1;
      if (run < 3) {
        sb.append(c);
      } else if (run == 3) {
        sb.setLength(sb.length() - 1); // the third of a run: it was a run, keep one
      }
    }
    return sb.toString();
  }

  private static final char[] NUMBER = "NUMBER".toCharArray();

  /** A '#' not followed by a letter or digit ("wrong #", "wrong # sorry"), unlike "#123" or "#stop". */
  static boolean numberSign(CharSequence body, int at, int end) {
    return at + 1 >= end || !Character.isLetterOrDigit(body.charAt(at + 1));
  }

  /** " NUMBER": the most one input character can become. */
  private static final int WIDEST = NUMBER.length + 1;

  private static String ascii(String body, int end) {
    char[] out = new char[end * WIDEST];
    int n = 0;
    boolean gap = false;
    for (int i = 0; i < end; i++) {
      char c = body.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c -= 'a' - 'A';
      } else if (c == '#' && numberSign(body, i, end)) {
        // "wrong #": a number sign that numbers nothing stands for the word
        if (n > 0) {
          out[n++] = ' ';
        }
        for (char x : NUMBER) {
          out[n++] = x;
        }
        gap = true;
        continue;
      } else if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
        gap |= c != '\'' && c != '`';
        continue;
      }
      if (gap && n > 0) {
        out[n++] = ' ';
      }
      gap = false;
      out[n++] = c;
    }
    // a body grown past the limit by number signs is cut there, without the space the cut may leave
    return new String(out, 0, Math.min(n, MAX_CHARS)).stripTrailing();
  }

  private static String unicode(String body) {
    String decomposed = Normalizer.normalize(clean(body), Normalizer.Form.NFKD);
    String words = keepWords(decomposed.toUpperCase(Locale.ROOT));
    String composed = Normalizer.normalize(words, Normalizer.Form.NFC);
    if (composed.length() <= MAX_CHARS) {
      return composed;
    }
    int cut = Character.isHighSurrogate(composed.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    return composed.substring(0, cut).strip();
  }

  /** Drops invisible format characters and apostrophes; lone surrogates and controls become gaps. */
  private static String clean(String body) {
    StringBuilder sb = new StringBuilder(body.length());
    body.codePoints()
        .forEach(
            cp -> {
              int type = Character.getType(cp);
              if (type == Character.SURROGATE || type == Character.CONTROL) {
                sb.append(' ');
              } else if (type != Character.FORMAT && !isApostrophe(cp)) {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }

  private static boolean isApostrophe(int cp) {
    return cp == '\'' || cp == '`' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x00B4
        || cp == 0xFF07;
  }

  /** Keeps letters and digits without their accents; every other run becomes one space. */
  private static String keepWords(String upper) {
    StringBuilder sb = new StringBuilder(upper.length());
    boolean gap = false;
    boolean lastSpaceless = false;
    for (int i = 0; i < upper.length(); ) {
      int cp = upper.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || isApostrophe(cp)) {
        continue;
      }
      if (cp == '#' && numberSign(upper, i - 1, upper.length())) {
        sb.append(sb.length() > 0 ? " NUMBER" : "NUMBER");
        gap = true;
        lastSpaceless = false;
        continue;
      }
      if (!Character.isLetterOrDigit(cp) && type != Character.COMBINING_SPACING_MARK) {
        gap = true;
        continue;
      }
      // "回复TD退订": a script written without spaces next to another one starts a new word
      boolean spaceless = KeywordSubstrings.spaceless(cp);
      if ((gap || spaceless != lastSpaceless && type != Character.COMBINING_SPACING_MARK) && sb.length() > 0) {
        sb.append(' ');
      }
      gap = false;
      lastSpaceless = spaceless;
      appendFolded(sb, cp);
    }
    return sb.toString();
  }

  /** Letters whose accent is not a separable mark: people type them without it. */
  private static void appendFolded(StringBuilder sb, int cp) {
    switch (cp) {
      case 'Ł' -> sb.append('L');
      case 'Ø' -> sb.append('O');
      case 'Đ' -> sb.append('D');
      case 'Ħ' -> sb.append('H');
      default -> sb.appendCodePoint(cp);
    }
  }
}
