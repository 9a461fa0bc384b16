package dev.consent.spi;

import dev.consent.ConsentStatus;
import dev.consent.Suppression;
import java.util.List;
import java.util.Objects;

/**
 * What the gate reads about one recipient for one message, in one store call ({@link
 * ConsentStore#recipient}): the status of the message's purpose and every suppression of the number.
 *
 * @param status the (number, purpose) status; {@link ConsentStatus#none} when nothing is recorded
 * @param suppressions the number's suppressions, in any scope (empty when none)
 * @since 0.3
 */
public record RecipientStatus(ConsentStatus status, List<Suppression> suppressions) {
  public RecipientStatus {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(suppressions, "suppressions");
  }
}
