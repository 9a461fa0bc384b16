package dev.consent.spring;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Form bodies for the webhook tests; signatures come from consent-test's signers, as in a host's tests. */
final class FormBodies {
  private FormBodies() {}

  static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
