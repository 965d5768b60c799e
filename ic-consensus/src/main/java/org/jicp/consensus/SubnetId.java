package org.jicp.consensus;

import java.util.Objects;
import org.jicp.crypto.Principal;

/**
 * The id of a subnet, the dealer of its NI-DKGs: a {@link Principal} with its own type.
 *
 * @param principal the principal
 */
public record SubnetId(Principal principal) implements Comparable<SubnetId> {
  /** Validates the component. */
  public SubnetId {
    Objects.requireNonNull(principal, "principal");
  }

  /** The id with textual form {@code text}. */
  public static SubnetId fromText(String text) {
    return new SubnetId(Principal.fromText(text));
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
