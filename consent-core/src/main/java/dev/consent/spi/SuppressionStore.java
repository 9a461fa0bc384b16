package dev.consent.spi;

import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The suppression list: numbers never to message in a scope, whatever their consent says.
 * Suppressions are never deleted by retention. The test kit's {@code SuppressionStoreContract}
 * checks the rules.
 *
 * @since 0.5
 */
public interface SuppressionStore {

  /** Adds a suppression; a second one for the same (number, scope) is a no-op. */
  void suppress(Suppression suppression);

  /** Removes the suppression of one scope; returns whether there was one. */
  boolean lift(String tenant, PhoneNumber number, String scope);

  List<Suppression> suppressions(String tenant, PhoneNumber number);

  /** Suppressions of many numbers; numbers with none are absent. */
  Map<PhoneNumber, List<Suppression>> suppressions(String tenant, Collection<PhoneNumber> numbers);

}
