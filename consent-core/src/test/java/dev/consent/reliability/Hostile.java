package dev.consent.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile input for fuzz suites, from a seed: random and mutated text (invalid UTF-16 and UTF-8,
 * NUL and control characters, homoglyphs, right-to-left and zero-width marks, emoji, combining
 * marks, very long strings), SQL injection payloads, and byte-level mutations of valid requests.
 * {@code -Dconsent.fuzz.seed} fixes the seed; {@code -Dconsent.fuzz.inputs} the count per suite.
 */
public final class Hostile {
  /** Payloads that break naive SQL, JSON, LIKE patterns or log lines. */
  public static final List<String> INJECTIONS = List.of(
      "'; DROP TABLE consent_event; --", "' OR '1'='1", "\" OR \"\"=\"", "1; DELETE FROM consent_status",
      "\\'; DROP TABLE x; #", "' UNION SELECT e164 FROM consent_subject --", "%' OR 1=1 --", "_%", "\\", "\\\\'",
      "$$; DROP TABLE x; $$", "'); INSERT INTO consent_suppression VALUES ('x'); --", "\u0000", "a\u0000b",
      "\u2028\u2029", "{\"$ne\": null}", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "😀👍🏽‍", "\uD800",
      "ü'ö\"ä`´", "--", "/* */", "' AND SLEEP(5) --", "'; SELECT pg_sleep(5); --", "\r\nSet-Cookie: x=y");

  private static final String[] SPICE = {"\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C",
      "\u202D", "\u202E", "\u2066", "\u2069", "\uFEFF", "\u0000", "\u0007", "\u001B", "\n", "\r", "\t", " ", "\u00A0",
      "\u3000", "😀", "🛑", "👍🏽", "🇺🇸", "\u0301", "\u0336", "\uD800", "\uDFFF", "С", "Т", "О", "Р", "Ꭺ", "ꜱ",
      "ｓ", "Ｓ", "Ⓢ", "𝐒", "'", "\"", "%", "&", "=", "+", ";", "\\", "<", ">", "{", "}", "[", "]"};
  private static final String[] WORDS = {"STOP", "stop", "START", "YES", "HELP", "JOIN", "NEWS", "ARRET", "BAJA",
      "STOPALL", "UNSUBSCRIBE", "please", "texting", "me", "all", "123456", "OPT", "OUT"};

  private final SplittableRandom r;

  public Hostile(long seed) {
    this.r = new SplittableRandom(seed);
  }

  public static long seed() {
    return ConsentModelSuite.seed("consent.fuzz.seed");
  }

  /** How many inputs a fuzz suite tries (default {@code normal}; ten times more in the long profile). */
  public static int inputs(int normal) {
    return Integer.getInteger("consent.fuzz.inputs", ConsentModelSuite.longProfile() ? normal * 10 : normal);
  }

  public int nextInt(int bound) {
    return r.nextInt(bound);
  }

  public boolean nextBoolean() {
    return r.nextBoolean();
  }

  /** A random string of length up to {@code max}: words, marks, look-alikes and random code units. */
  public String text(int max) {
    int len = r.nextInt(max + 1);
    StringBuilder b = new StringBuilder();
    while (b.length() < len) {
      switch (r.nextInt(6)) {
        case 0 -> b.append(WORDS[r.nextInt(WORDS.length)]);
        case 1, 2 -> b.append(SPICE[r.nextInt(SPICE.length)]);
        case 3 -> b.append((char) r.nextInt(0x10000));
        case 4 -> b.appendCodePoint(r.nextInt(0x20, 0x7F));
        default -> b.append(INJECTIONS.get(r.nextInt(INJECTIONS.size())));
      }
    }
    return b.length() > len ? b.substring(0, len) : b.toString();
  }

  /** A word with invisible marks, emoji, look-alikes or case changes around and inside it. */
  public String disguise(String word) {
    StringBuilder b = new StringBuilder();
    String[] invisible = {"\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202C", "\u2066", "\u2069",
        "\uFEFF", " ", "\u00A0", "\u3000"};
    String[] around = {"", "!", "!!!", ".", "?", "😀", "🛑", " 🙏", "\"", "«", "»", "*", "(", ")"};
    b.append(around[r.nextInt(around.length)]).append(invisible[r.nextInt(invisible.length)]);
    for (char c : word.toCharArray()) {
      char x = r.nextBoolean() ? Character.toLowerCase(c) : c;
      switch (r.nextInt(8)) {
        case 0 -> b.append(x >= 'A' && x <= 'Z' ? (char) (x - 'A' + 'Ａ') : x >= 'a' && x <= 'z' ? (char) (x - 'a' + 'ａ') : x);
        case 1 -> b.append(x).append(invisible[r.nextInt(9)]);
        case 2 -> b.append(lookalike(Character.toUpperCase(c)));
        default -> b.append(x);
      }
    }
    b.append(invisible[r.nextInt(invisible.length)]).append(around[r.nextInt(around.length)]);
    return b.toString();
  }

  private static String lookalike(char c) {
    return switch (c) {
      case 'S' -> "Ѕ";
      case 'T' -> "Т";
      case 'O' -> "О";
      case 'P' -> "Р";
      case 'A' -> "А";
      case 'E' -> "Е";
      case 'C' -> "С";
      default -> String.valueOf(c);
    };
  }

  /** Random bytes, often not UTF-8. */
  public byte[] bytes(int max) {
    byte[] b = new byte[r.nextInt(max + 1)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** {@code original} with one to three random edits: flip, insert, delete, duplicate, truncate. */
  public byte[] mutate(byte[] original) {
    byte[] b = original.clone();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int kind = b.length == 0 ? 1 : r.nextInt(5);
      int at = b.length == 0 ? 0 : r.nextInt(b.length);
      switch (kind) {
        case 0 -> b[at] = (byte) (b[at] ^ (1 << r.nextInt(8)));
        case 1 -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) r.nextInt(256);
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
        case 2 -> {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
        }
        case 3 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(16));
          byte[] c = new byte[b.length + len];
          System.arraycopy(b, 0, c, 0, at + len);
          System.arraycopy(b, at, c, at + len, b.length - at);
          b = c;
        }
        default -> b = java.util.Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  public String mutate(String original) {
    return new String(mutate(original.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  public <T> T pick(List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** A query or form string of {@code count} parameters {@code p1=d&p2=d...}. */
  public String parameters(int count) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : "&").append('p').append(i).append('=').append(r.nextInt(10));
    }
    return b.toString();
  }
}
