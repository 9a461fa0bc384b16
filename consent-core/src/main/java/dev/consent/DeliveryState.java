package dev.consent;

/**
 * Where a sent message is in its life. States only move forward: a late callback for an earlier
 * state never moves a message back ({@link #rank()}).
 *
 * @since 0.1
 */
public enum DeliveryState {
  ACCEPTED(0),
  QUEUED(1),
  SENDING(2),
  SENT(3),
  DELIVERED(4),
  UNDELIVERED(4),
  FAILED(4),
  READ(5);

  private final int rank;

  DeliveryState(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  /** Whether moving from this state to {@code next} goes forward. */
  public boolean canMoveTo(DeliveryState next) {
    return next.rank > rank;
  }
}
