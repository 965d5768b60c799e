package org.jicp.types;

import java.util.Objects;
import org.jicp.crypto.Principal;

/**
 * The id of a canister: a {@link Principal} given its own type so that ids of different kinds
 * cannot be mixed up. Ordered like principals (unsigned lexicographic bytes).
 *
 * @param principal the principal
 */
public record CanisterId(Principal principal) implements Comparable<CanisterId> {
  /** Validates the component. */
  public CanisterId {
    Objects.requireNonNull(principal, "principal");
  }

  /** The id with textual form {@code text}, e.g. {@code rwlgt-iiaaa-aaaaa-aaaaa-cai}. */
  public static CanisterId fromText(String text) {
    return new CanisterId(Principal.fromText(text));
  }

  /** The id with blob {@code bytes}. */
  public static CanisterId fromBytes(byte[] bytes) {
    return new CanisterId(Principal.fromBytes(bytes));
  }

  /** The canister id the IC allocates with index {@code index} ({@code u64_be(index) · 01 01}). */
  public static CanisterId fromIndex(long index) {
    return new CanisterId(Principal.canisterIdFromIndex(index));
  }

  /** A fresh copy of the blob. */
  public byte[] toByteArray() {
    return principal.toByteArray();
  }

  @Override
  public int compareTo(CanisterId o) {
    return principal.compareTo(o.principal);
  }

  /** The textual form. */
  @Override
  public String toString() {
    return principal.toText();
  }
}
