package dev.consent;

/**
 * SMS double opt-in: a web form (or a keyword) starts a request, a confirmation SMS goes to the
 * number, and consent exists only once the phone itself confirms (reply YES or the code) or the
 * code comes back through the web form.
 *
 * <pre>{@code
 * OptInStart s = optIn.start(WebOptIn.of(number, "marketing.promotions", "v3").withClientAddress(ip));
 * // ... the person replies YES: kit.inbound().handle(inbound) confirms it,
 * // or types the code into the form:
 * OptInResult r = optIn.confirm(requestId, code);
 * }</pre>
 *
 * <p>Confirmation messages are rate-limited per number, per number prefix and per client address
 * (SMS pumping). Thread-safe.
 *
 * @since 0.1
 */
public interface DoubleOptInFlow {

  /**
   * Starts a web-form double opt-in and sends the confirmation SMS.
   *
   * @throws InvalidPhoneNumberException (since 0.4) if libphonenumber does not know the number as valid
   *     ({@link PhoneNumber#isValid()}); nothing is stored or sent
   */
  OptInStart start(WebOptIn request);

  /** Confirms a request with the code the person entered on the web. */
  OptInResult confirm(String requestId, String code);

  /** Marks every pending request that ran out as expired; returns how many. */
  int expire();
}
