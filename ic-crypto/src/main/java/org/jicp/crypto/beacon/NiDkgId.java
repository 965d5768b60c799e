package org.jicp.crypto.beacon;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * The id of an NI-DKG instance, the {@code signer} of a threshold signature (dfinity/ic {@code
 * rs/types/types/src/crypto/threshold_sig/ni_dkg/id.rs}).
 *
 * @param startBlockHeight the height of the block that started the DKG
 * @param dealerSubnet the subnet that ran it
 * @param dkgTag low or high threshold
 * @param remoteTargetId empty for {@code NiDkgTargetSubnet::Local}, else the 32-byte remote target id
 */
public record NiDkgId(long startBlockHeight, Principal dealerSubnet, NiDkgTag dkgTag, Optional<Bytes> remoteTargetId) {
  /** Validates the components. */
  public NiDkgId {
    if (startBlockHeight < 0) {
      throw new IllegalArgumentException("a height is not negative: " + startBlockHeight);
    }
    Objects.requireNonNull(dealerSubnet, "dealerSubnet");
    Objects.requireNonNull(dkgTag, "dkgTag");
    Objects.requireNonNull(remoteTargetId, "remoteTargetId");
    remoteTargetId.ifPresent(
        id -> {
          if (id.length() != 32) {
            throw new IllegalArgumentException("a remote target id is 32 bytes, got " + id.length());
          }
        });
  }

  /** A DKG of {@code dealerSubnet} for itself ({@code NiDkgTargetSubnet::Local}). */
  public static NiDkgId local(long startBlockHeight, Principal dealerSubnet, NiDkgTag tag) {
    return new NiDkgId(startBlockHeight, dealerSubnet, tag, Optional.empty());
  }

  /** Writes the fields as Rust's derived {@code Hash} does (declaration order). */
  public void hashInto(HashTraitWriter w) {
    w.u64(startBlockHeight).principal(dealerSubnet).discriminant(dkgTag.discriminant());
    if (remoteTargetId.isEmpty()) {
      w.discriminant(0);
    } else {
      w.discriminant(1).bytes(remoteTargetId.get());
    }
  }
}
