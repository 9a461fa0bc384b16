package dev.consent.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.consent.memory.InMemoryConsentStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Regression test for the model harness (seed 8763791651955966485 on MariaDB): a web start and a
 * keyword opt-in at one clock instant, the keyword's reply lost after it was handled. The retry is a
 * duplicate, so the harness has to find the request the keyword started; taking the first of {@code
 * pendingFor} picked, about every other run, the web request the keyword had closed (both have the
 * same {@code createdAt}, and request ids are random), and the model then expected a confirmation of
 * a closed request.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("Model harness: two requests of one number at one instant")
class SameInstantRequestsTest {

  @Test
  @DisplayName("the keyword's request is found after its lost reply, whatever the order of the two requests")
  void keywordAfterWebStartAtOneInstant() {
    List<Op.Step> steps = List.of(
        new Op.Step(new Op.WebStart(0), null),
        // phrase 43 is "JOIN" to the deals sender; call 12 is markInboundHandled (since 0.5 its one append is
        // two store calls, head and write, and the rate limit's prefix key and the code hash are keyed hashes
        // the store computes): the work is done, the reply lost
        new Op.Step(new Op.Inbound(0, Model.S1, 43, true, 0, false), new Op.Fault(12, FaultyStore.Mode.AFTER, false)),
        new Op.Step(new Op.WebConfirm(0, true, true, 2), null));
    // request ids are random, so each run orders the two requests at random: 24 runs miss a
    // position-based pick with probability 2^-24
    Figures figures = new Figures("same-instant");
    for (long seed = 1; seed <= 24; seed++) {
      long s = seed;
      assertThatCode(() -> new ModelRun(new InMemoryConsentStore(), s, figures).run(steps)).doesNotThrowAnyException();
    }
    assertThat(figures.get("completedBeforeLostReply")).as("the keyword completed before its reply was lost").isEqualTo(24);
  }
}
