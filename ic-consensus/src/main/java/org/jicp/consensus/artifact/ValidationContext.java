package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.types.RegistryVersion;
import org.jicp.types.Time;
import org.jicp.types.Height;

/**
 * What a block maker saw when it made a block ({@code ValidationContext} of {@code ic_types::batch}):
 * the registry version, the latest certified height and the time. Along a chain the registry
 * version and certified height never decrease and the time strictly increases.
 *
 * @param registryVersion the registry version the block's payload was validated against
 * @param certifiedHeight the height of the latest certified state the maker knew
 * @param time the maker's clock, at least the parent's time plus one nanosecond
 */
public record ValidationContext(RegistryVersion registryVersion, Height certifiedHeight, Time time) {
  /** Validates the components. */
  public ValidationContext {
    Objects.requireNonNull(registryVersion, "registryVersion");
    Objects.requireNonNull(certifiedHeight, "certifiedHeight");
    Objects.requireNonNull(time, "time");
  }

  /**
   * Whether this context may follow {@code parent}'s: registry version and certified height not
   * smaller, time strictly larger ({@code ValidationContext::greater} of the IC).
   */
  public boolean isValidSuccessorOf(ValidationContext parent) {
    return registryVersion.compareTo(parent.registryVersion) >= 0
        && certifiedHeight.compareTo(parent.certifiedHeight) >= 0
        && time.compareTo(parent.time) > 0;
  }

  void hashInto(org.jicp.crypto.beacon.HashTraitWriter w) {
    w.u64(registryVersion.value()).u64(certifiedHeight.value()).u64(time.nanos());
  }
}
