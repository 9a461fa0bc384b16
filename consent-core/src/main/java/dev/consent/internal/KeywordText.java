package dev.consent.internal;

/**
 * Short keyword replies (YES, JOIN, STOP) are evidence worth keeping; longer free text may hold
 * personal data and is kept only as a hash. Not API.
 */
final class KeywordText {
  private static final int KEEP = 24;

  private KeywordText() {}

  static String of(String body) {
    String t = body.strip();
    return t.length() <= KEEP && t.chars().noneMatch(Character::isDigit) ? t : "sha256:" + Hashing.sha256Hex(t);
  }
}
