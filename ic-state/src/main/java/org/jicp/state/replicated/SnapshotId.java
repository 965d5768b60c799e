package org.jicp.state.replicated;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;

/**
 * The id of a canister snapshot: a u64 (big-endian) local counter followed by the canister id, as
 * the bytes {@code take_canister_snapshot} returns (the IC's layout: dfinity/ic {@code
 * rs/types/types} {@code SnapshotId::from((CanisterId, u64))}, {@code local_id ‖ canister_id}).
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
    return Bytes.of(ByteBuffer.allocate(8 + c.length).putLong(localId).put(c).array());
  }

  /**
   * The id with these bytes.
   *
   * @throws IllegalArgumentException if they are not 8 bytes and a canister id
   */
  public static SnapshotId fromBytes(byte[] b) {
    if (b.length < 8 || b.length > 8 + 29) {
      throw new IllegalArgumentException("a snapshot id is 8 bytes and a canister id");
    }
    long local = ByteBuffer.wrap(b, 0, 8).getLong();
    byte[] c = java.util.Arrays.copyOfRange(b, 8, b.length);
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
