package org.jicp.state.sync;

import org.jicp.state.StateException;

/**
 * A state sync that cannot complete now: no peer provided a valid copy of a chunk, or the
 * meta-manifest / manifest the peers sent does not match the expected manifest hash. What was
 * verified so far stays in the scratchpad; a later sync of the same height resumes from it.
 */
public class StateSyncException extends StateException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message says which chunk could not be obtained and why. */
  public StateSyncException(String message) {
    super(message);
  }
}
