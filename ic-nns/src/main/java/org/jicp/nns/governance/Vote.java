package org.jicp.nns.governance;

/** {@code Vote} of {@code governance.proto}. */
public enum Vote {
  /** No vote (yet). */
  UNSPECIFIED(0),
  /** Adopt. */
  YES(1),
  /** Reject. */
  NO(2);

  private final int number;

  Vote(int number) {
    this.number = number;
  }

  /** The proto number. */
  public int number() {
    return number;
  }

  private static final Vote[] BY_NUMBER = {UNSPECIFIED, YES, NO};

  /** The vote with proto number {@code n}. */
  public static Vote of(int n) {
    if (n >= 0 && n < BY_NUMBER.length) {
      return BY_NUMBER[n];
    }
    throw new GovernanceException(GovernanceException.ErrorType.INVALID_COMMAND, "not a vote: " + n);
  }
}
