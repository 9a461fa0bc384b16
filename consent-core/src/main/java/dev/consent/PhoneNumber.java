package dev.consent;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.consent.error.InvalidPhoneNumberException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A valid phone number in E.164 form, parsed and validated with libphonenumber. Its region and the
 * time zones its number range spans are worked out once at parse time, so the gate's hot path does
 * no parsing. {@link #toString()} masks all but the last two digits; use {@link #e164()} where the
 * full number is needed.
 *
 * <p>Equality is by the E.164 string. Immutable and thread-safe.
 *
 * <pre>{@code
 * PhoneNumber n = PhoneNumber.parse("+1 305-555-0123");  // or parse("0151 2345678", "DE")
 * }</pre>
 *
 * @since 0.1
 */
public final class PhoneNumber implements Comparable<PhoneNumber> {
  private static final int MAX_INPUT = 64;
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final String UNKNOWN_ZONE = "Etc/Unknown";
  private static final String UNKNOWN_REGION = "ZZ";
  /**
   * The zone list of numbers libphonenumber does not know as valid, told apart by identity: a
   * boolean field would grow every number from 32 to 40 bytes, and the gate reads a million of them.
   */
  private static final List<ZoneId> NOT_VALID = java.util.Collections.unmodifiableList(new ArrayList<>());
  /**
   * One list per distinct set of zones (libphonenumber knows a few hundred): numbers share them, so
   * a million numbers hold a million references, not a million lists, and the gate's quiet-hours
   * check reads a list that is likely in cache.
   */
  private static final Map<List<String>, List<ZoneId>> ZONE_LISTS = new ConcurrentHashMap<>();

  private final String e164;
  private final String region;
  private final List<ZoneId> zones;
  /**
   * Kept here, next to the fields the gate reads anyway, so that neither a hash lookup nor the
   * jurisdiction lookup has to touch the E.164 string (on a large store, each touch is a cache miss).
   */
  private final int hash;
  private final int nanpAreaCode;

  private PhoneNumber(String e164, String region, List<ZoneId> zones, boolean valid) {
    this.e164 = e164;
    this.region = region;
    this.zones = valid ? zones : NOT_VALID;
    this.hash = e164.hashCode();
    this.nanpAreaCode = e164.length() == 12 && e164.charAt(1) == '1'
        ? (e164.charAt(2) - '0') * 100 + (e164.charAt(3) - '0') * 10 + (e164.charAt(4) - '0')
        : -1;
  }

  /** Parses a number written in international form (leading {@code +}). */
  public static PhoneNumber parse(String raw) {
    return parse(raw, null);
  }

  /**
   * Parses a number, reading a national form in {@code defaultRegion} (ISO 3166 alpha-2, e.g.
   * {@code "DE"}).
   *
   * @throws InvalidPhoneNumberException if it is not a valid number
   */
  public static PhoneNumber parse(String raw, @org.jspecify.annotations.Nullable String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidPhoneNumberException("phone number is missing");
    }
    if (raw.length() > MAX_INPUT) {
      throw new InvalidPhoneNumberException("phone number is longer than " + MAX_INPUT + " characters");
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Phonenumber.PhoneNumber parsed;
    try {
      parsed = util.parse(raw, defaultRegion == null ? "ZZ" : defaultRegion);
    } catch (NumberParseException e) {
      throw new InvalidPhoneNumberException("phone number cannot be parsed: " + e.getErrorType());
    }
    if (!util.isValidNumber(parsed)) {
      throw new InvalidPhoneNumberException("phone number is not a valid number for its region");
    }
    String e164 = util.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
    return new PhoneNumber(e164, util.getRegionCodeForNumber(parsed), zonesOf(parsed), true);
  }

  /**
   * Reads a number that must already be in strict E.164 form ({@code +} and digits only), as a
   * carrier reports a sender or as stored by this library. Unlike {@link #parse}, it accepts a number
   * that libphonenumber's metadata does not (yet) know as valid, for instance a new area code: such
   * a number can still opt out and be stored, but {@link #isValid()} is {@code false}, and the gate,
   * double opt-in and grants refuse it.
   *
   * @throws InvalidPhoneNumberException if it is not {@code +} followed by 7 to 15 digits
   * @since 0.4
   */
  public static PhoneNumber ofE164(String e164) {
    if (e164 == null || !E164.matcher(e164).matches()) {
      throw new InvalidPhoneNumberException("phone number is not in E.164 form");
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Phonenumber.PhoneNumber parsed;
    try {
      parsed = util.parse(e164, "ZZ");
    } catch (NumberParseException e) {
      return new PhoneNumber(e164, UNKNOWN_REGION, List.of(), false);
    }
    if (!util.isValidNumber(parsed)) {
      String region = util.getRegionCodeForCountryCode(parsed.getCountryCode());
      return new PhoneNumber(e164, region == null ? UNKNOWN_REGION : region, List.of(), false);
    }
    return new PhoneNumber(e164, util.getRegionCodeForNumber(parsed), zonesOf(parsed), true);
  }

  private static List<ZoneId> zonesOf(Phonenumber.PhoneNumber parsed) {
    List<String> ids = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(parsed);
    List<ZoneId> shared = ZONE_LISTS.get(ids);
    if (shared != null) {
      return shared;
    }
    List<ZoneId> out = new ArrayList<>();
    for (String id : ids) {
      if (!UNKNOWN_ZONE.equals(id)) {
        out.add(ZoneId.of(id));
      }
    }
    List<ZoneId> made = List.copyOf(out);
    List<ZoneId> raced = ZONE_LISTS.putIfAbsent(List.copyOf(ids), made);
    return raced != null ? raced : made;
  }

  /** The number in E.164 form, e.g. {@code +13055550123}. Personal data: never log it. */
  public String e164() {
    return e164;
  }

  /** ISO 3166 alpha-2 region of the number, e.g. {@code US}. */
  public String region() {
    return region;
  }

  /**
   * The area code of a number in the North American Numbering Plan ({@code +1} and ten digits), e.g.
   * {@code 305} for {@code +13055550123}; {@code -1} for every other number. US state rules (Florida's
   * FTSA, Oklahoma's OTSA) apply by area code.
   *
   * @since 0.3
   */
  public int nanpAreaCode() {
    return nanpAreaCode;
  }

  /**
   * Whether libphonenumber's metadata knows this number as valid. Always true for {@link #parse};
   * {@link #ofE164} also reads numbers it does not know (they may opt out, nothing is sent to them).
   *
   * @since 0.4
   */
  public boolean isValid() {
    return zones != NOT_VALID;
  }

  /** Time zones the number's range lies in (empty when unknown). */
  public List<ZoneId> zones() {
    return zones;
  }

  /** The number with all but its last two digits masked, safe for logs. */
  public String masked() {
    return mask(e164);
  }

  /** Masks any identifier for logs: all but the last two characters become {@code *}. */
  public static String mask(@org.jspecify.annotations.Nullable String value) {
    if (value == null) {
      return "null";
    }
    int keep = Math.min(2, Math.max(0, value.length() - 4));
    return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
  }

  @Override
  public int compareTo(PhoneNumber o) {
    return e164.compareTo(o.e164);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PhoneNumber p && p.e164.equals(e164);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Masked: never prints the full number. */
  @Override
  public String toString() {
    return masked();
  }
}
