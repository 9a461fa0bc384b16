package dev.consent.sms.twilio;

import dev.consent.testkit.RecordToStrings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Twilio's public records")
class TwilioRecordsTest {

  @Test
  @DisplayName("print no signature, query, header value or body in toString()")
  void toStringMasksPersonalData() {
    RecordToStrings.assertMasked(TwilioCarrier.class, List.of("dev.consent.sms.twilio"), Map.of());
  }
}
