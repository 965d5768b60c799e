package org.jicp.nns.governance;

/** {@code ProposalRewardStatus} of {@code governance.proto}. */
public enum RewardStatus {
  /** Not used. */
  UNKNOWN(0),
  /** Still accepting votes (before the deadline). */
  ACCEPT_VOTES(1),
  /** Past the deadline, to be settled at the next reward event. */
  READY_TO_SETTLE(2),
  /** Counted in a reward event. */
  SETTLED(3),
  /** Not eligible for rewards. */
  INELIGIBLE(4);

  private final int number;

  RewardStatus(int number) {
    this.number = number;
  }

  /** The proto number. */
  public int number() {
    return number;
  }
}
