package org.jicp.state.replicated;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;

/**
 * The id of a canister snapshot: the canister id followed by a u64 (big-endian) counter local to
 * the subnet, as the bytes {@code take_canister_snapshot} returns (the IC's layout).
 *
 * @param canisterId the canister the snapshot belongs to
 * @param localId the counter value
 */
public record SnapshotId(CanisterId canisterId, long localId) implements Comparable<SnapshotId> {
  /** Validates the component. */
  public SnapshotId {
    Objects.requireNonNull(canisterId, "canisterId");
  }

  /** The id's bytes. */
  public Bytes bytes() {
    byte[] c = canisterId.toByteArray();
    return Bytes.of(ByteBuffer.allocate(c.length + 8).put(c).putLong(localId).array());
  }

  /**
   * The id with these bytes.
   *
   * @throws IllegalArgumentException if they are not a canister id and 8 bytes
   */
  public static SnapshotId fromBytes(byte[] b) {
    if (b.length < 9 || b.length > 29 + 8) {
      throw new IllegalArgumentException("a snapshot id is a canister id and 8 bytes");
    }
    byte[] c = java.util.Arrays.copyOf(b, b.length - 8);
    long local = ByteBuffer.wrap(b, b.length - 8, 8).getLong();
    return new SnapshotId(CanisterId.fromBytes(c), local);
  }

  @Override
  public int compareTo(SnapshotId o) {
    int c = canisterId.compareTo(o.canisterId);
    return c != 0 ? c : Long.compareUnsigned(localId, o.localId);
  }

  @Override
  public String toString() {
    return bytes().toHex();
  }
}
