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

  /** The vote with proto number {@code n}. */
  public static Vote of(int n) {
    for (Vote v : values()) {
      if (v.number == n) {
        return v;
      }
    }
    throw new GovernanceException(GovernanceException.ErrorType.INVALID_COMMAND, "not a vote: " + n);
  }
}
