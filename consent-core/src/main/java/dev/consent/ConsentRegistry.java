package dev.consent;

import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentPolicyException;
import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.error.InvalidPhoneNumberException;
import java.util.List;

/**
 * Records and answers questions about consent: grant, withdraw, import, status, history, proof,
 * and chain verification. Every change is an append to the tamper-evident ledger.
 *
 * <pre>{@code
 * registry.grant(GrantRequest.of(number, "service.order-updates", ConsentMethod.WEB_FORM, Channel.WEB,
 *     "v2", Map.of("form", "https://shop.example/checkout")));
 * registry.withdraw(WithdrawRequest.all(number));
 * ConsentProof proof = registry.proof(number, "marketing.promotions");
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public interface ConsentRegistry {

  /**
   * Records a consent. For consent-based purposes the notice version (known to the kit), the method
   * and evidence are required; purposes that need double opt-in only accept grants confirmed from
   * the phone (use {@link DoubleOptInFlow}).
   *
   * @throws ConsentPolicyException if the rules forbid the grant
   * @throws InvalidPhoneNumberException (since 0.4) if libphonenumber does not know the number as valid
   *     ({@link PhoneNumber#isValid()}): nothing can be sent to it, so no consent is recorded for it
   * @throws InvalidInputException if the request is malformed
   */
  ConsentEvent grant(GrantRequest request);

  /**
   * Records a withdrawal of one purpose or of all; returns the events appended (none if nothing was in
   * force). Accepted for any number, valid or not.
   */
  List<ConsentEvent> withdraw(WithdrawRequest request);

  /**
   * Records a consent or withdrawal from an earlier system, with its original time, marked as imported.
   *
   * @throws InvalidPhoneNumberException (since 0.4) for a consent (not a withdrawal) of a number
   *     libphonenumber does not know as valid
   */
  ConsentEvent importConsent(ImportRequest request);

  /** The current status of one (number, purpose). */
  ConsentStatus status(PhoneNumber number, String purposeId);

  /** The number's statuses for every purpose that has any. */
  List<ConsentStatus> statuses(PhoneNumber number);

  /** The number's whole ledger, in chain order. */
  List<ConsentEvent> history(PhoneNumber number);

  /** The events and notice that prove the current status. */
  ConsentProof proof(PhoneNumber number, String purposeId);

  /** Suppression entries of the number. */
  List<Suppression> suppressions(PhoneNumber number);

  /** Puts a number on the suppression list for everything (complaint, legal hold). */
  void suppress(PhoneNumber number, String why);

  /**
   * Verifies one number's hash chain as stored: reports every edited, deleted, inserted or reordered
   * event, a deleted newest event (against the head the store recorded), redacted events that no
   * erasure explains and (since 0.5) a chain that no longer holds the head a signed checkpoint
   * anchored, each with the {@code seq} where the chain breaks.
   */
  ChainReport verify(PhoneNumber number);

  /**
   * Verifies every chain of the tenant, erased subjects included; breaks name the subject reference only.
   * Since 0.5 each chain is also checked against the head its newest signed checkpoint anchored (a
   * rebuilt chain is a break), and, when the kit has a checkpoint key, the checkpoints themselves
   * (signatures, numbering, links, anchored heads): see {@link dev.consent.receipt.ChainCheckpoints}.
   */
  ChainReport verify();

  /**
   * Erases the person behind {@code number} (GDPR Art. 17) while honouring their opt-out for good:
   * appends an {@code ERASED} event for every purpose with a status (or, if it already is ERASED, with
   * events recorded since), then removes the number, every
   * event's evidence values (their digests and hashes stay, so {@link #verify()} still passes), the
   * message log entries and pending opt-ins, and keeps a suppression of everything under the keyed
   * hash of the number: the gate denies it ({@link DenyReason#SUPPRESSED}), a web opt-in for it is
   * {@linkplain OptInStart.Refused refused}, and only a double opt-in started and confirmed from the
   * phone itself lifts it. What the ledger proves (who withdrew what, when, how) stays, without the
   * number.
   *
   * <p>Idempotent: if it fails part-way ({@link ConsentStoreException}), call it again.
   *
   * @param reason why, for the host's records (e.g. {@code "art17-request"}); not stored in clear
   * @since 0.2
   */
  ErasureResult erase(PhoneNumber number, String reason);

  /**
   * Everything held on {@code number} within this kit's tenant, as one document (GDPR Art. 15 and
   * 20); {@link SubjectExport#toJson()} renders it.
   *
   * @since 0.2
   */
  SubjectExport export(PhoneNumber number);

  /**
   * The consent receipt of one grant of {@code number} (Kantara CR v1.1 / ISO/IEC TS 27560 fields,
   * with the double opt-in evidence and the consent's status now).
   *
   * @param eventId the {@link ConsentEvent#eventId()} of a {@link EventKind#GRANTED} event of the number
   * @throws ConfigurationException if the kit has no {@link dev.consent.kit.ConsentKit.Builder#controller controller}
   * @throws InvalidInputException if the number has no such event, or it is not a grant
   * @since 0.3
   */
  ConsentReceipt receipt(PhoneNumber number, String eventId);

  /**
   * The receipts of every grant of {@code number}, oldest first.
   *
   * @throws ConfigurationException if the kit has no {@link dev.consent.kit.ConsentKit.Builder#controller controller}
   * @since 0.3
   */
  List<ConsentReceipt> receipts(PhoneNumber number);
}
