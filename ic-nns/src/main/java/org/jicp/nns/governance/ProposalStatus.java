package org.jicp.nns.governance;

/** {@code ProposalStatus} of {@code governance.proto}. */
public enum ProposalStatus {
  /** Not used. */
  UNKNOWN(0),
  /** Not decided yet. */
  OPEN(1),
  /** Rejected; the proposer pays the reject cost. */
  REJECTED(2),
  /** Adopted, not (yet) executed. */
  ADOPTED(3),
  /** Adopted and executed. */
  EXECUTED(4),
  /** Adopted, and its execution failed. */
  FAILED(5);

  private final int number;

  ProposalStatus(int number) {
    this.number = number;
  }

  /** The proto number. */
  public int number() {
    return number;
  }
}
