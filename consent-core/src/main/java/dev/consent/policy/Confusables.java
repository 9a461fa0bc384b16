package dev.consent.policy;

/**
 * Latin look-alikes (Unicode TR39 confusables, the small set that can spell English keywords):
 * Cyrillic and Greek capitals and Latin small capitals that NFKC leaves alone, e.g. "СТОР" typed on
 * a Cyrillic keyboard or "ꜱᴛᴏᴘ" from a "fancy text" app. Used only to recognise opt-outs: a
 * look-alike never opts anyone in.
 */
final class Confusables {
  private static final String FROM = "АВСЕНІЈКМОРЅТХУ" + "ΑΒΕΗΙΚΜΝΟΡΤΥΧΖ" + "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ";
  private static final String TO = "ABCEHIJKMOPSTXY" + "ABEHIKMNOPTYXZ" + "ABCDEFGHIJKLMNOPRSTUVWYZ";

  private Confusables() {}

  /** The text with every look-alike replaced by its Latin capital; the same string when there is none. */
  static String latin(String normalized) {
    StringBuilder b = null;
    for (int i = 0; i < normalized.length(); i++) {
      int at = FROM.indexOf(normalized.charAt(i));
      if (at >= 0) {
        if (b == null) {
          b = new StringBuilder(normalized);
        }
        b.setCharAt(i, TO.charAt(at));
      }
    }
    return b == null ? normalized : b.toString();
  }
}
