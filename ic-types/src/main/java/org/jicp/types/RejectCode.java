package org.jicp.types;

/** The IC's reject codes (interface specification, "Reject codes"). */
public enum RejectCode {
  /** Fatal system error. */
  SYS_FATAL(1),
  /** Transient system error (e.g. out of cycles, frozen, queue full). */
  SYS_TRANSIENT(2),
  /** The destination does not exist or has no such method. */
  DESTINATION_INVALID(3),
  /** The canister rejected the call explicitly ({@code ic0.msg_reject}). */
  CANISTER_REJECT(4),
  /** The canister trapped or did not reply. */
  CANISTER_ERROR(5),
  /** The response of a bounded-wait call is unknown. */
  SYS_UNKNOWN(6);

  private final int code;

  RejectCode(int code) {
    this.code = code;
  }

  /** The numeric code. */
  public int code() {
    return code;
  }

  /** The code with number {@code n}. */
  public static RejectCode of(int n) {
    for (RejectCode c : values()) {
      if (c.code == n) {
        return c;
      }
    }
    throw new IllegalArgumentException("no reject code " + n);
  }
}
