package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyLoadTest {
  private static final String SOURCES = "\"sources\": {\"S\": {\"citation\": \"host rule\"}}";
  private static final String DEFAULT =
      "{\"id\": \"ZZ\", \"name\": \"Default\", \"match\": {\"default\": true}, \"source\": \"S\"}";

  private static InputStream json(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String file(String... entries) {
    return "{\"formatVersion\": 1, \"version\": \"host-7\", " + SOURCES + ", \"jurisdictions\": ["
        + String.join(", ", entries) + "]}";
  }

  private static String usEntry(String extra) {
    return "{\"id\": \"US\", \"name\": \"US\", \"match\": {\"regions\": [\"US\"]}, \"source\": \"S\", "
        + "\"quietHours\": {\"start\": \"09:00\", \"end\": \"20:00\"}" + extra + "}";
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String text) {
    return assertThatThrownBy(() -> PolicyBook.load(json(text))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  @DisplayName("reads a host file in the bundled format")
  void readsHostFile() {
    PolicyBook book = PolicyBook.load(json(file(usEntry(", \"fallbackZones\": [\"America/Chicago\"]"), DEFAULT)));
    assertThat(book.version()).isEqualTo("host-7");
    Jurisdiction us = book.jurisdictionFor(PhoneNumber.parse("+13055550123"));
    assertThat(us.quietHours().start()).hasToString("09:00");
    assertThat(us.source()).isEqualTo("S: host rule");
  }

  @Test
  @DisplayName("reads the bundled resource as a stream like any host file")
  void readsBundledResource() throws Exception {
    try (InputStream in = PolicyBook.class.getResourceAsStream(PolicyBook.DEFAULT_RESOURCE)) {
      assertThat(PolicyBook.load(in).jurisdictions()).isEqualTo(PolicyBook.defaults().jurisdictions());
    }
  }

  @Nested
  @DisplayName("Rejects with a clear message")
  class Rejects {
    @Test
    @DisplayName("text that is not JSON, naming line and column")
    void malformed() {
      rejects("{\"formatVersion\": 1,\n  \"version\": oops}").hasMessageContaining("malformed")
          .hasMessageContaining("line 2");
    }

    @Test
    @DisplayName("an empty stream and a JSON value that is not an object")
    void notAnObject() {
      rejects("").hasMessageContaining("JSON object");
      rejects("[1, 2]").hasMessageContaining("JSON object");
    }

    @Test
    @DisplayName("trailing content and repeated keys")
    void trailingAndDuplicates() {
      rejects(file(DEFAULT) + " {}").hasMessageContaining("malformed");
      rejects("{\"formatVersion\": 1, \"formatVersion\": 1}").hasMessageContaining("malformed");
    }

    @Test
    @DisplayName("an unknown key, which is most likely a typo that would drop a rule")
    void unknownKey() {
      rejects(file(DEFAULT.replace("\"source\"", "\"quiteHours\": {}, \"source\""), DEFAULT))
          .hasMessageContaining("jurisdictions[0]").hasMessageContaining("quiteHours");
    }

    @Test
    @DisplayName("an unsupported format version or a missing version")
    void versions() {
      rejects(file(DEFAULT).replace("\"formatVersion\": 1", "\"formatVersion\": 2")).hasMessageContaining("formatVersion");
      rejects(file(DEFAULT).replace("\"version\": \"host-7\", ", "")).hasMessageContaining("version");
    }

    @Test
    @DisplayName("a time that is not HH:mm and a window that starts where it ends")
    void badTimes() {
      rejects(file(usEntry(", \"fallbackZones\": [\"America/Chicago\"]").replace("09:00", "9am"), DEFAULT))
          .hasMessageContaining("jurisdictions[0].quietHours.start");
      rejects(file(usEntry(", \"fallbackZones\": [\"America/Chicago\"]").replace("09:00", "20:00"), DEFAULT))
          .hasMessageContaining("jurisdictions[0]").hasMessageContaining("quietHours.start");
    }

    @Test
    @DisplayName("quiet hours without the zones to assume when a number's zone is unknown")
    void quietHoursNeedZones() {
      rejects(file(usEntry(""), DEFAULT)).hasMessageContaining("fallbackZones");
      rejects(file(usEntry(", \"fallbackZones\": [\"Mars/Olympus\"]"), DEFAULT)).hasMessageContaining("Mars/Olympus");
    }

    @Test
    @DisplayName("a bad cap, duration or area code")
    void badValues() {
      String zones = ", \"fallbackZones\": [\"America/Chicago\"]";
      rejects(file(usEntry(zones + ", \"frequencyCap\": {\"max\": 0, \"window\": \"PT24H\"}"), DEFAULT))
          .hasMessageContaining("max");
      rejects(file(usEntry(zones + ", \"frequencyCap\": {\"max\": 3, \"window\": \"a day\"}"), DEFAULT))
          .hasMessageContaining("frequencyCap.window");
      rejects(file(usEntry(zones + ", \"consentValidity\": \"P2Y\""), DEFAULT)).hasMessageContaining("P730D");
      rejects(file(usEntry(zones).replace("\"regions\": [\"US\"]", "\"nanpAreaCodes\": [\"12\"]"), DEFAULT))
          .hasMessageContaining("nanpAreaCodes");
    }

    @Test
    @DisplayName("a source that the sources do not cite")
    void unknownSource() {
      rejects(file(DEFAULT.replace("\"S\"", "\"T\""))).hasMessageContaining("source");
    }

    @Test
    @DisplayName("a repeated id, a region claimed twice and a missing or second default")
    void claims() {
      String fl = "{\"id\": \"A\", \"name\": \"A\", \"match\": {\"regions\": [\"DE\"]}, \"source\": \"S\"}";
      String fl2 = "{\"id\": \"B\", \"name\": \"B\", \"match\": {\"regions\": [\"DE\"]}, \"source\": \"S\"}";
      rejects(file(fl, fl2, DEFAULT)).hasMessageContaining("region DE").hasMessageContaining("A and B");
      rejects(file(fl, fl, DEFAULT)).hasMessageContaining("id A");
      rejects(file(fl)).hasMessageContaining("default");
      rejects(file(DEFAULT, DEFAULT.replace("ZZ", "Z2"))).hasMessageContaining("default");
    }
  }

  @Test
  @DisplayName("validates but does not apply an entry marked enabled: false")
  void disabled() {
    String off = "{\"id\": \"DE\", \"name\": \"DE\", \"enabled\": false, \"confidence\": \"low\", "
        + "\"match\": {\"regions\": [\"DE\"]}, \"source\": \"S\"}";
    PolicyBook book = PolicyBook.load(json(file(off, DEFAULT)));
    assertThat(book.jurisdictionFor(PhoneNumber.parse("+4915123456789")).id()).isEqualTo("ZZ");
    rejects(file(off.replace("\"low\"", "\"meh\""), DEFAULT)).hasMessageContaining("confidence");
  }
}
