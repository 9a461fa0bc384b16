package dev.consent;

import dev.consent.error.InvalidPhoneNumberException;

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
 * <p>Since 0.4 every web {@link #start} gives its caller a handle of its own (the {@code requestId}):
 * a caller confirms only through its own handle and never learns another caller's. A start inside
 * the cool-down of a confirmation already sent to the number sends nothing again; its handle takes
 * the code of that SMS, with its own expiry and its own count of wrong codes, so the result has the
 * same shape and content as a start that sent the SMS. Too many wrong codes lock code entry through
 * that handle only: the phone's own reply (YES or the code, from the number by SMS) still confirms.
 *
 * @since 0.1
 */
public interface DoubleOptInFlow {

  /**
   * Starts a web-form double opt-in and sends the confirmation SMS (at most one per number and
   * purposes per cool-down). Returns {@link OptInStart.Started} with a handle for this caller only;
   * since 0.4 it never returns {@link OptInStart.AlreadyPending}.
   *
   * @throws InvalidPhoneNumberException (since 0.4) if libphonenumber does not know the number as valid
   *     ({@link PhoneNumber#isValid()}); nothing is stored or sent
   */
  OptInStart start(WebOptIn request);

  /**
   * Confirms a request with the code the person entered on the web, through the caller's own handle
   * (the {@code requestId} its {@link #start} returned). Wrong codes count against that handle only.
   */
  OptInResult confirm(String requestId, String code);

  /** Marks every pending request that ran out as expired; returns how many. */
  int expire();
}
