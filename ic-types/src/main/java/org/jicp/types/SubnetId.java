package org.jicp.types;

import java.util.Objects;
import org.jicp.crypto.Principal;

/**
 * The id of a subnet: a {@link Principal} given its own type so that ids of different kinds
 * cannot be mixed up. Ordered like principals (unsigned lexicographic bytes).
 *
 * @param principal the principal
 */
public record SubnetId(Principal principal) implements Comparable<SubnetId> {
  /** Validates the component. */
  public SubnetId {
    Objects.requireNonNull(principal, "principal");
  }

  /** The id with textual form {@code text}, e.g. {@code tdb26-jop6k-…}. */
  public static SubnetId fromText(String text) {
    return new SubnetId(Principal.fromText(text));
  }

  /** The id with blob {@code bytes}. */
  public static SubnetId fromBytes(byte[] bytes) {
    return new SubnetId(Principal.fromBytes(bytes));
  }

  /** A fresh copy of the blob. */
  public byte[] toByteArray() {
    return principal.toByteArray();
  }

  @Override
  public int compareTo(SubnetId o) {
    return principal.compareTo(o.principal);
  }

  /** The textual form. */
  @Override
  public String toString() {
    return principal.toText();
  }
}
