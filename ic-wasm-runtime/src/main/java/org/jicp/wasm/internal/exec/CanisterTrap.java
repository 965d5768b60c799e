package org.jicp.wasm.internal.exec;

/**
 * A trap raised by the host (ic0 function, instruction limit, memory limit, call depth): unwinds
 * the wasm stack to the executor, which turns it into a result. Carries no stack trace.
 */
public final class CanisterTrap extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of trap. */
  public enum Kind {
    /** {@code ic0.trap}. */
    EXPLICIT,
    /** The instruction limit of the message was exceeded. */
    INSTRUCTION_LIMIT,
    /** A System API contract violation (wrong context, bad arguments, second reply, ...). */
    CONTRACT_VIOLATION,
    /** The memory limit was exceeded. */
    MEMORY_LIMIT,
    /** The call depth limit was exceeded. */
    STACK_OVERFLOW,
    /** A wasm trap (unreachable, division by zero, out of bounds, ...). */
    WASM,
    /**
     * Not a trap: a slice of a sliced execution was used up on a thread that cannot pause; the
     * executor redoes the execution from its start on a {@link Fiber}.
     */
    SLICE
  }

  private final Kind kind;

  /** A trap of {@code kind} with a message. */
  public CanisterTrap(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  /** The kind. */
  public Kind kind() {
    return kind;
  }
}
