package dev.consent.internal;

/**
 * Short keyword replies (YES, JOIN, STOP) are evidence worth keeping; longer free text, or text
 * with digits, may hold personal data and is kept only as a keyed hash (the store's key: it cannot
 * be tested against guesses without it). Not API.
 */
final class KeywordText {
  private static final int KEEP = 24;

  private KeywordText() {}

  static String of(String body, KitContext ctx) {
    String t = body.strip();
    return t.length() <= KEEP && t.chars().noneMatch(Character::isDigit) ? t
        : "hmac:" + ctx.store().keyedHash(ctx.tenant(), "reply", t);
  }
}
