package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The CRM change-feed example")
class CrmFeedExampleTest {
  @Test
  @DisplayName("keeps the CRM's contacts in step: a STOP withdraws, a complaint suppresses, nothing is left to deliver")
  void followsTheFeed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<String, String> contacts = CrmFeedExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(contacts).hasSize(2);
    assertThat(contacts.values()).containsExactlyInAnyOrder("marketing=WITHDRAWN orders=WITHDRAWN suppressed=false",
        "marketing=null orders=GRANTED suppressed=true");
    assertThat(out).contains("delivered 2 change(s)", "crm lag: 0").doesNotContain("2125550123", "3055550123");
  }
}
