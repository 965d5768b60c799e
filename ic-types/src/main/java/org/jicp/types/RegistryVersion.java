package org.jicp.types;

/**
 * A registry version: 0 is the empty registry, each accepted mutation batch adds one. Blocks name
 * the version their payload was validated at; a batch is executed at its registry version.
 *
 * @param value the version number, not negative
 */
public record RegistryVersion(long value) implements Comparable<RegistryVersion> {
  /** The empty registry. */
  public static final RegistryVersion ZERO = new RegistryVersion(0);

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

  /** The next version (checked). */
  public RegistryVersion next() {
    return new RegistryVersion(Math.addExact(value, 1));
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
