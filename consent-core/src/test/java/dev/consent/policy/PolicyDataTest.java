package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;
import dev.consent.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Cross-checks the bundled area-code lists against libphonenumber's geocoder. */
class PolicyDataTest {
  private static final PolicyBook BOOK = PolicyBook.defaults();
  private static final Map<String, List<String>> STATE_NAMES = Map.of(
      "US-FL", List.of("FL", "Florida"), "US-OK", List.of("OK", "Oklahoma"), "US-MD", List.of("MD", "Maryland"),
      "US-TX", List.of("TX", "Texas"), "US-WA", List.of("WA", "Washington State"),
      "US-CT", List.of("CT", "Connecticut"), "US-MS", List.of("MS", "Mississippi"),
      "US-RI", List.of("RI", "Rhode Island"));

  /** A valid number in this area code, or null when libphonenumber knows none of the samples. */
  private static Phonenumber.PhoneNumber sample(int areaCode) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    for (String rest : List.of("2345678", "5550123", "3456789", "7771234")) {
      try {
        Phonenumber.PhoneNumber n = util.parse("+1" + areaCode + rest, "ZZ");
        if (util.isValidNumber(n) && "US".equals(util.getRegionCodeForNumber(n))) {
          return n;
        }
      } catch (com.google.i18n.phonenumbers.NumberParseException e) {
        // try the next sample
      }
    }
    return null;
  }

  private static String state(Phonenumber.PhoneNumber n) {
    String d = PhoneNumberOfflineGeocoder.getInstance().getDescriptionForNumber(n, Locale.ENGLISH);
    return d.contains(",") ? d.substring(d.lastIndexOf(',') + 1).trim() : d.trim();
  }

  @Test
  @DisplayName("every US area code the geocoder places in FL, OK, MD, TX, WA, CT, MS or RI maps to that state, and no other does")
  void areaCodesMatchGeocoder() {
    List<String> mismatches = new ArrayList<>();
    for (int code = 200; code < 1000; code++) {
      Phonenumber.PhoneNumber n = sample(code);
      if (n == null) {
        continue;
      }
      String state = state(n);
      String expected = "US";
      for (Map.Entry<String, List<String>> e : STATE_NAMES.entrySet()) {
        expected = e.getValue().contains(state) ? e.getKey() : expected;
      }
      String actual = BOOK.jurisdictionFor(PhoneNumber.parse("+1" + n.getNationalNumber())).id();
      // A new overlay (728 in 2026) is described only as "United States" until the geocoder catches up.
      boolean undescribed = state.isEmpty() || state.equals("United States");
      if (!actual.equals(expected) && !(undescribed && actual.startsWith("US"))) {
        mismatches.add(code + ": " + actual + " but geocoder says " + state);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  @DisplayName("every bundled jurisdiction cites a catalogue source")
  void everyRuleIsCited() {
    assertThat(BOOK.jurisdictions())
        .allSatisfy(j -> assertThat(j.source()).matches("[A-Z]+(-[A-Z]+)?-[0-9]{2}: .+"));
  }

  @Test
  @DisplayName("only FL, OK and MD carry a frequency cap, and only US jurisdictions quiet hours")
  void whoHasWhat() {
    assertThat(BOOK.jurisdictions()).filteredOn(j -> j.cap() != null).extracting(Jurisdiction::id)
        .containsExactlyInAnyOrder("US-FL", "US-OK", "US-MD");
    assertThat(BOOK.jurisdictions()).filteredOn(j -> j.quietHours() != null)
        .allSatisfy(j -> assertThat(j.id()).startsWith("US"));
  }
}
