package org.jicp.nns.host;

/** The reject codes of the IC interface specification ("Reject codes"). */
public enum RejectCode {
  /** Fatal system error. */
  SYS_FATAL(1),
  /** Transient system error. */
  SYS_TRANSIENT(2),
  /** Invalid destination (no such canister or method). */
  DESTINATION_INVALID(3),
  /** Explicit reject by the canister. */
  CANISTER_REJECT(4),
  /** The canister trapped (its state changes are rolled back). */
  CANISTER_ERROR(5);

  private final int code;

  RejectCode(int code) {
    this.code = code;
  }

  /** The numeric code. */
  public int code() {
    return code;
  }
}
