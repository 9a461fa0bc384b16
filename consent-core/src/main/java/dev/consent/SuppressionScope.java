package dev.consent;

import dev.consent.error.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link Suppression} applies: every message ({@link All}), one sender id ({@link Sender},
 * as carriers scope their opt-outs) or one carrier messaging service ({@link Service}). Its
 * {@code toString()} is the persisted form ({@code all}, {@code sender:<id>}, {@code service:<id>})
 * that {@link #parse} reads back.
 *
 * @since 0.5
 */
public sealed interface SuppressionScope permits SuppressionScope.All, SuppressionScope.Sender, SuppressionScope.Service {

  /** The scope that blocks every message to the number. */
  SuppressionScope ALL = new All();

  /**
   * Reads the persisted form.
   *
   * @throws InvalidInputException if {@code value} is null, or not {@code all}, {@code sender:<id>}
   *     or {@code service:<id>} with a non-blank id
   */
  static SuppressionScope parse(@Nullable String value) {
    if (value == null) {
      throw new InvalidInputException("scope is required");
    }
    if (value.equals(All.FORM)) {
      return ALL;
    }
    if (value.startsWith(Sender.PREFIX)) {
      return new Sender(value.substring(Sender.PREFIX.length()));
    }
    if (value.startsWith(Service.PREFIX)) {
      return new Service(value.substring(Service.PREFIX.length()));
    }
    throw new InvalidInputException("scope must be 'all', 'sender:<id>' or 'service:<id>'");
  }

  /** Whether this scope blocks a message sent from {@code sender} (through {@code service}, if known). */
  boolean blocks(String sender, @Nullable String service);

  /**
   * Whether a carrier opt-out in this scope covers {@code program}: a sender scope covers the
   * programs that send from that sender; the other scopes cover every program.
   */
  boolean covers(Program program);

  /** Every message. */
  record All() implements SuppressionScope {
    static final String FORM = "all";

    @Override
    public boolean blocks(String sender, @Nullable String service) {
      return true;
    }

    @Override
    public boolean covers(Program program) {
      return true;
    }

    @Override
    public String toString() {
      return FORM;
    }
  }

  /** Messages from one sender id (a number, short code or alphanumeric sender). */
  record Sender(String id) implements SuppressionScope {
    static final String PREFIX = "sender:";

    public Sender {
      requireId(id, "sender");
    }

    @Override
    public boolean blocks(String sender, @Nullable String service) {
      return id.equals(sender);
    }

    @Override
    public boolean covers(Program program) {
      return program.senders().contains(id);
    }

    @Override
    public String toString() {
      return PREFIX + id;
    }
  }

  /** Messages through one carrier messaging service (e.g. a Twilio Messaging Service SID). */
  record Service(String id) implements SuppressionScope {
    static final String PREFIX = "service:";

    public Service {
      requireId(id, "service");
    }

    @Override
    public boolean blocks(String sender, @Nullable String service) {
      return id.equals(service);
    }

    @Override
    public boolean covers(Program program) {
      return true;
    }

    @Override
    public String toString() {
      return PREFIX + id;
    }
  }

  private static void requireId(@Nullable String id, String what) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException("a " + what + " scope needs a non-blank id");
    }
  }
}
