package dev.consent;

import dev.consent.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Who is responsible for the consent, as every receipt names them (GDPR Art. 13(1)(a), Kantara
 * "piiControllers"): configured once with {@link dev.consent.kit.ConsentKit.Builder#controller}.
 *
 * @param name the controller's legal or brand name, e.g. {@code ACME Retail Ltd}
 * @param contact how to reach the controller or its data protection officer (e-mail, postal
 *     address, phone or URL)
 * @param policyUrl the privacy policy, an absolute {@code https} or {@code http} URL
 * @since 0.3
 */
public record DataController(String name, String contact, String policyUrl) {

  public DataController {
    name = text(name, "controller name", 200);
    contact = text(contact, "controller contact", 300);
    policyUrl = text(policyUrl, "controller policy URL", 2000);
    try {
      URI uri = new URI(policyUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        throw new InvalidInputException("controller policy URL must be an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new InvalidInputException("controller policy URL is not a valid URL", e);
    }
  }

  private static String text(String value, String what, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(what + " is required");
    }
    String v = value.strip();
    if (v.length() > max) {
      throw new InvalidInputException(what + " is longer than " + max + " characters");
    }
    return v;
  }
}
