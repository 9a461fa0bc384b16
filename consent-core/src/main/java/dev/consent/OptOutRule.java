package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How far a STOP reaches ({@link OptOutScope}), as a dated rule: one scope until {@code changesAt},
 * another from then on for numbers of {@code regions}. The default, {@link #fccRevokeAll()}, keeps
 * the program scope until the FCC's "revoke all" rule takes effect for US numbers.
 *
 * <pre>{@code
 * ConsentKit.builder().inbound(InboundSettings.defaults().withOptOutRule(OptOutRule.always(OptOutScope.MARKETING)));
 * }</pre>
 *
 * @param scope the scope before {@code changesAt}, or always when it is null
 * @param changesAt when the scope changes (inclusive); null for a rule that never changes
 * @param laterScope the scope from {@code changesAt} on; null exactly when {@code changesAt} is
 * @param regions ISO 3166 regions (as {@link PhoneNumber#region()} gives them) the change applies to;
 *     empty for every number
 * @param source what the rule rests on, kept in the evidence of every opt-out it decides
 * @since 0.5
 */
public record OptOutRule(
    OptOutScope scope, @Nullable Instant changesAt, @Nullable OptOutScope laterScope, Set<String> regions,
    String source) {

  /**
   * When the FCC's "revoke all" provision applies: the FCC delayed it from 11 April 2025 to 11 April
   * 2026 (order of 7 April 2025), and again to 31 January 2027 (order DA-26-12); taken here as midnight
   * in Washington, D.C. A host whose counsel reads another date sets its own rule.
   */
  public static final Instant FCC_REVOKE_ALL = Instant.parse("2027-01-31T05:00:00Z");

  /** The US and the territories where the TCPA applies, as libphonenumber names their regions. */
  public static final Set<String> US_REGIONS = Set.of("US", "PR", "VI", "GU", "AS", "MP");

  public OptOutRule {
    Checks.notNull(scope, "opt-out scope");
    if ((changesAt == null) != (laterScope == null)) {
      throw new InvalidInputException("an opt-out rule that changes needs both the instant and the later scope");
    }
    regions = Set.copyOf(Checks.notNull(regions, "opt-out rule regions"));
    Checks.maxLength(Checks.notBlank(source, "opt-out rule source"), 500, "opt-out rule source");
  }

  /** The same scope for every number, always. */
  public static OptOutRule always(OptOutScope scope) {
    return new OptOutRule(scope, null, null, Set.of(), "configured by the host: " + scope);
  }

  /**
   * The default: {@link OptOutScope#PROGRAM} (CTIA), and {@link OptOutScope#CONSENTED} for US
   * numbers from {@link #FCC_REVOKE_ALL} on: 47 CFR 64.1200(a)(10), a revocation "in response to one
   * type of message" applies to all future robocalls and robotexts from the sender that need consent.
   */
  public static OptOutRule fccRevokeAll() {
    return new OptOutRule(OptOutScope.PROGRAM, FCC_REVOKE_ALL, OptOutScope.CONSENTED, US_REGIONS,
        "47 CFR 64.1200(a)(10) revoke-all, from 2027-01-31 for US numbers; CTIA program scope before");
  }

  /**
   * The scope of an opt-out from {@code number} received at {@code at} (the kit passes {@link
   * InboundMessage#receivedAt()}).
   */
  public OptOutScope scopeFor(PhoneNumber number, Instant at) {
    if (changesAt != null && !at.isBefore(changesAt) && (regions.isEmpty() || regions.contains(number.region()))) {
      return laterScope;
    }
    return scope;
  }
}
