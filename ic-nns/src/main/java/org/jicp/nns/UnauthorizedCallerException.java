package org.jicp.nns;

import org.jicp.crypto.Principal;

/**
 * The caller may not call this method (only governance may mutate the registry, only a neuron's
 * controller or hot keys may vote with it, …). The state is unchanged.
 */
public class UnauthorizedCallerException extends NnsException {
  private static final long serialVersionUID = 1L;

  private final transient Principal caller;

  /** An exception naming the caller and what it may not do. */
  public UnauthorizedCallerException(Principal caller, String what) {
    super("caller " + caller + " is not authorized to " + what);
    this.caller = caller;
  }

  /** The rejected caller. */
  public Principal caller() {
    return caller;
  }
}
