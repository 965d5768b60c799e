package org.jicp.types;

import java.util.Objects;
import org.jicp.crypto.Principal;

/**
 * The id of a node: a {@link Principal} given its own type so that ids of different kinds cannot
 * be mixed up. Ordered like principals (unsigned lexicographic bytes).
 *
 * @param principal the principal
 */
public record NodeId(Principal principal) implements Comparable<NodeId> {
  /** Validates the component. */
  public NodeId {
    Objects.requireNonNull(principal, "principal");
  }

  /** The id with textual form {@code text}, e.g. {@code rwlgt-iiaaa-aaaaa-aaaaa-cai}. */
  public static NodeId fromText(String text) {
    return new NodeId(Principal.fromText(text));
  }

  /** The id with blob {@code bytes}. */
  public static NodeId fromBytes(byte[] bytes) {
    return new NodeId(Principal.fromBytes(bytes));
  }

  /**
   * A deterministic node id for simulations and tests: the 8 big-endian bytes of {@code index}
   * followed by the self-authenticating class byte {@code 0x02}.
   */
  public static NodeId ofIndex(long index) {
    byte[] b = new byte[9];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (index >>> (56 - 8 * i));
    }
    b[8] = 0x02;
    return new NodeId(Principal.fromBytes(b));
  }

  /** A fresh copy of the blob. */
  public byte[] toByteArray() {
    return principal.toByteArray();
  }

  @Override
  public int compareTo(NodeId o) {
    return principal.compareTo(o.principal);
  }

  /** The textual form. */
  @Override
  public String toString() {
    return principal.toText();
  }
}
