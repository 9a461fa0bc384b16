package dev.consent.sms.twilio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The strict reading of a signed incoming-message webhook: only the parameters Twilio documents for
 * it ("Twilio's request to your incoming message Webhook URL"), each once and shaped as Twilio
 * sends it.
 *
 * <p>Why: Twilio's signature covers the URL and each parameter's name and value concatenated with no
 * separator, so one signature also fits every other way of cutting the same string into names and
 * values. From a request signed for a message the attacker sent (with a crafted body), a forgery can
 * move the cuts: {@code Body=YES}, {@code From=} someone else, a new {@code MessageSid}, and one
 * parameter whose value swallows the rest of the signed string. The swallowed rest always holds the
 * genuine {@code From} (a {@code +} and digits, after the body in the signed order), so a forgery
 * needs a value that can hold a {@code +}, digits and letters: only {@code Body} can, and a forged
 * {@code From} cannot follow it. Every other value here has a shape that cannot.
 *
 * <p>A request that fails this check is not dropped: it is kept unverified, so the kit confirms it
 * through Twilio's API, and a genuine STOP is not lost when Twilio adds a parameter. Stateless.
 */
final class DocumentedParameters {
  private static final String HEX32 = "[0-9a-fA-F]{32}";
  private static final Pattern MESSAGE_SID = Pattern.compile("(SM|MM)" + HEX32);
  private static final Pattern PLACE = Pattern.compile("([\\p{L}\\p{M}][\\p{L}\\p{M} .'-]{0,63})?");
  private static final Pattern ZIP = Pattern.compile("([A-Za-z0-9][A-Za-z0-9 -]{0,11})?");
  private static final Pattern COUNTRY = Pattern.compile("([A-Z]{2})?");
  private static final Pattern MEDIA_NAME = Pattern.compile("(MediaUrl|MediaContentType)([0-9])");
  /** A MIME type without parameters and without '+', which could hold a swallowed From. */
  private static final Pattern CONTENT_TYPE =
      Pattern.compile("[A-Za-z]{1,20}/[A-Za-z0-9][A-Za-z0-9.!#$&^_-]{0,99}");
  private static final Pattern MEDIA_URL = Pattern.compile(
      "https://api\\.twilio\\.com/2010-04-01/Accounts/(AC" + HEX32 + ")/Messages/((?:MM|SM)" + HEX32
          + ")/Media/ME" + HEX32);

  /** Every documented name that is not numbered, with the shape of its value. */
  private static final Map<String, Pattern> FIELDS = Map.ofEntries(
      Map.entry("MessageSid", MESSAGE_SID),
      Map.entry("SmsSid", MESSAGE_SID),
      Map.entry("SmsMessageSid", MESSAGE_SID),
      Map.entry("AccountSid", Pattern.compile("AC" + HEX32)),
      Map.entry("MessagingServiceSid", Pattern.compile("(MG" + HEX32 + ")?")),
      Map.entry("From", Pattern.compile("\\+[1-9][0-9]{6,14}")),
      // a number, or a short code
      Map.entry("To", Pattern.compile("\\+[1-9][0-9]{6,14}|[0-9]{3,8}")),
      // free text: the one value that may hold anything; its length is checked with the message
      Map.entry("Body", Pattern.compile("(?s).*")),
      Map.entry("NumMedia", Pattern.compile("[0-9]|10")),
      Map.entry("NumSegments", Pattern.compile("[0-9]{1,2}")),
      Map.entry("FromCity", PLACE),
      Map.entry("FromState", PLACE),
      Map.entry("FromZip", ZIP),
      Map.entry("FromCountry", COUNTRY),
      Map.entry("ToCity", PLACE),
      Map.entry("ToState", PLACE),
      Map.entry("ToZip", ZIP),
      Map.entry("ToCountry", COUNTRY),
      Map.entry("ApiVersion", Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")),
      Map.entry("SmsStatus", Pattern.compile("received|receiving")),
      // Advanced Opt-Out's STOP, START or HELP: letters only
      Map.entry("OptOutType", Pattern.compile("[A-Za-z]{1,16}")));

  private DocumentedParameters() {}

  /**
   * Why the parameters are not exactly what Twilio documents for an incoming message, naming the
   * parameter and never its value; null when they are.
   */
  static @Nullable String problem(List<Map.Entry<String, String>> pairs) {
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, String> p : pairs) {
      String name = p.getKey();
      String value = p.getValue();
      if (seen.put(name, value) != null) {
        return "parameter " + printable(name) + " is repeated";
      }
      Pattern shape = FIELDS.get(name);
      if (shape == null) {
        Matcher media = MEDIA_NAME.matcher(name);
        if (!media.matches()) {
          return "parameter " + printable(name) + " is not documented for incoming messages";
        }
        shape = media.group(1).equals("MediaUrl") ? MEDIA_URL : CONTENT_TYPE;
      }
      if (!shape.matcher(value).matches()) {
        return "parameter " + printable(name) + " is not shaped as Twilio sends it";
      }
    }
    return consistency(seen);
  }

  /** The SIDs name one message; media belong to it, to this account, and are numbered below NumMedia. */
  private static @Nullable String consistency(Map<String, String> p) {
    String sid = p.get("MessageSid");
    for (String alias : List.of("SmsSid", "SmsMessageSid")) {
      String other = p.get(alias);
      if (other != null && sid != null && !other.equals(sid)) {
        return alias + " differs from MessageSid";
      }
      if (sid == null) {
        sid = other;
      }
    }
    int numMedia = p.containsKey("NumMedia") ? Integer.parseInt(p.get("NumMedia")) : 0;
    for (Map.Entry<String, String> e : p.entrySet()) {
      Matcher media = MEDIA_NAME.matcher(e.getKey());
      if (!media.matches()) {
        continue;
      }
      if (Integer.parseInt(media.group(2)) >= numMedia) {
        return e.getKey() + " is beyond NumMedia";
      }
      if (media.group(1).equals("MediaUrl")) {
        Matcher url = MEDIA_URL.matcher(e.getValue());
        if (url.matches() && (!url.group(1).equals(p.get("AccountSid")) || !url.group(2).equals(sid))) {
          return e.getKey() + " belongs to another account or message";
        }
      }
    }
    return null;
  }

  /** A parameter name for a message only if it is a short word (never digits that could be a number). */
  private static String printable(String name) {
    return name.length() <= 40 && name.matches("[A-Za-z]+[0-9]?") ? name : "(an unusual name)";
  }
}
