package org.jicp.consensus;

/**
 * A version of the registry (the NNS's record of subnets, nodes and keys) that a block's
 * validation context refers to.
 *
 * @param value the version, not negative
 */
public record RegistryVersion(long value) implements Comparable<RegistryVersion> {
  /** Validates the component. */
  public RegistryVersion {
    if (value < 0) {
      throw new IllegalArgumentException("a registry version is not negative: " + value);
    }
  }

  /** The version {@code value}. */
  public static RegistryVersion of(long value) {
    return new RegistryVersion(value);
  }

  @Override
  public int compareTo(RegistryVersion o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
