package dev.consent.sms.vonage;

import dev.consent.testkit.RecordToStrings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Vonage's public records")
class VonageRecordsTest {

  @Test
  @DisplayName("print no query, header value or body in toString()")
  void toStringMasksPersonalData() {
    RecordToStrings.assertMasked(VonageCarrier.class, List.of("dev.consent.sms.vonage"), Map.of());
  }
}
