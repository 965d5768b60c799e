package org.jicp.nns.host;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Cycles;

/**
 * A call a system canister makes to another canister (or to the management canister, {@code
 * aaaaa-aa}, or a subnet id as management canister of that subnet).
 *
 * @param target the callee
 * @param method the method name
 * @param arg the argument bytes
 * @param cycles the cycles attached
 */
public record OutgoingCall(Principal target, String method, Bytes arg, Cycles cycles) {
  /** Validates the components. */
  public OutgoingCall {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(arg, "arg");
    Objects.requireNonNull(cycles, "cycles");
  }

  /** A call without cycles. */
  public static OutgoingCall of(Principal target, String method, byte[] arg) {
    return new OutgoingCall(target, method, Bytes.of(arg), Cycles.ZERO);
  }
}
