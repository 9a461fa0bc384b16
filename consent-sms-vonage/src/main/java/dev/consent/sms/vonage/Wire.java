package dev.consent.sms.vonage;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** How numbers and parameters look on Vonage's wire. Stateless and thread-safe. */
final class Wire {
  private static final Pattern DIGITS = Pattern.compile("[0-9]{6,15}");
  private static final Pattern PLUS_DIGITS = Pattern.compile("\\+[0-9]{6,15}");
  private static final Pattern LONG_DIGITS = Pattern.compile("[0-9][0-9 ()+-]{4,}[0-9]");
  private static final int MAX_TEXT = 200;

  /** GSM 03.38 basic and extension characters: anything else makes the SMS API send UCS-2. */
  private static final String GSM7 =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
          + "\f^{}\\[~]|€";

  /** The SMS API's host. */
  static final URI SMS_BASE = URI.create("https://rest.nexmo.com");
  /** The Messages and Reports APIs' host. */
  static final URI MESSAGES_BASE = URI.create("https://api.nexmo.com");

  private Wire() {}

  /** {@code path} on {@code base} (or on {@code fallback} when there is none), without a doubled slash. */
  static URI endpoint(@Nullable URI base, URI fallback, String path) {
    String b = (base != null ? base : fallback).toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }

  /** A number or sender id as Vonage expects it: E.164 digits without {@code +}; names unchanged. */
  static String toVonage(String id) {
    return PLUS_DIGITS.matcher(id).matches() ? id.substring(1) : id;
  }

  /** A sender id as this library writes it: Vonage's bare digits gain their {@code +}. */
  static String fromVonage(String id) {
    return DIGITS.matcher(id).matches() ? "+" + id : id;
  }

  /** Whether the SMS API can send this text as {@code type=text} (GSM 7-bit). */
  static boolean isGsm7(String text) {
    return text.codePoints().allMatch(c -> c < 0x10000 && GSM7.indexOf(c) >= 0);
  }

  /** A carrier's message made safe for logs and errors: digit runs masked, length capped. */
  static String scrub(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String s = LONG_DIGITS.matcher(text).replaceAll("***");
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
  }

  static String formEncode(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach(
        (k, v) -> {
          if (sb.length() > 0) {
            sb.append('&');
          }
          sb.append(enc(k)).append('=').append(enc(v));
        });
    return sb.toString();
  }

  /**
   * Decodes {@code a=b&c=d}. Returns null when a name repeats or a pair cannot be decoded, so a
   * request can never carry two readings of one parameter.
   */
  static @Nullable Map<String, String> formDecode(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = dec(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : dec(pair.substring(eq + 1));
        if (out.put(k, v) != null) {
          return null;
        }
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
