package org.jicp.types.ports;

import java.util.Objects;
import org.jicp.types.Height;

/**
 * A state together with the certification of its certified tree: what read_state and
 * certificates are answered from.
 *
 * @param <S> the state type
 * @param height the height
 * @param state the state
 * @param certification the subnet's certification of the state's tree
 */
public record CertifiedState<S>(Height height, S state, Certification certification) {
  /** Validates the components. */
  public CertifiedState {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(certification, "certification");
    if (!certification.height().equals(height)) {
      throw new IllegalArgumentException(
          "certification of height " + certification.height() + " for a state at " + height);
    }
  }
}
