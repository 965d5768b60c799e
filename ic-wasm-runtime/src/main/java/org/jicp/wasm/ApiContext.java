package org.jicp.wasm;

/**
 * The execution contexts of the System API (interface specification, "Overview of imports"):
 * which entry point is running decides which ic0 functions are available.
 */
public enum ApiContext {
  /** {@code (start)}: the module's start function. */
  START("s", "start"),
  /** {@code canister_init} or {@code canister_post_upgrade}. */
  INIT("I", "init"),
  /** {@code canister_pre_upgrade}. */
  PRE_UPGRADE("G", "pre_upgrade"),
  /** An update method. */
  UPDATE("U", "update"),
  /** A query method executed as part of replicated execution (called by a canister). */
  REPLICATED_QUERY("RQ", "replicated query"),
  /** A query method executed by one node. */
  NON_REPLICATED_QUERY("NRQ", "non-replicated query"),
  /** A composite query method. */
  COMPOSITE_QUERY("CQ", "composite query"),
  /** A reply callback. */
  REPLY_CALLBACK("Ry", "reply callback"),
  /** A reject callback. */
  REJECT_CALLBACK("Rt", "reject callback"),
  /** A reply callback of a composite query. */
  COMPOSITE_REPLY_CALLBACK("CRy", "composite query reply callback"),
  /** A reject callback of a composite query. */
  COMPOSITE_REJECT_CALLBACK("CRt", "composite query reject callback"),
  /** A cleanup callback. */
  CLEANUP("C", "cleanup"),
  /** A cleanup callback of a composite query. */
  COMPOSITE_CLEANUP("CC", "composite query cleanup"),
  /** {@code canister_inspect_message}. */
  INSPECT_MESSAGE("F", "inspect message"),
  /** A system task: heartbeat, global timer, low-memory hook. */
  SYSTEM_TASK("T", "system task");

  private final String letter;
  private final String description;

  ApiContext(String letter, String description) {
    this.letter = letter;
    this.description = description;
  }

  /** The spec's letter for the context ({@code I}, {@code U}, {@code Ry}, ...). */
  public String letter() {
    return letter;
  }

  /** A human-readable name used in trap messages. */
  public String description() {
    return description;
  }

  /** Whether this context is replicated (its effects are part of the subnet's state). */
  public boolean replicated() {
    return this != NON_REPLICATED_QUERY && this != COMPOSITE_QUERY
        && this != COMPOSITE_REPLY_CALLBACK && this != COMPOSITE_REJECT_CALLBACK
        && this != COMPOSITE_CLEANUP && this != INSPECT_MESSAGE;
  }
}
