package org.jicp.types.ports;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * A slice of another subnet's outgoing stream to this subnet, as a block carries it (dfinity/ic
 * {@code CertifiedStreamSlice}): the slice's encoded payload ({@code /streams/<dst>/header} and
 * {@code messages/<i>} of the sender's state), a witness (a pruned hash tree proving the payload is
 * part of the sender's certified state) and the sender subnet's certification of that state. The
 * receiving subnet verifies the witness against the certification and the certification against
 * the sender's key at the batch's registry version before inducting anything. The encodings are
 * {@code ic-state}'s.
 *
 * @param payload the encoded stream slice
 * @param merkleProof the witness, an encoded hash tree
 * @param certification the sender's certification of the state the slice comes from
 */
public record CertifiedStreamSlice(Bytes payload, Bytes merkleProof, Certification certification) {
  /** Validates the components. */
  public CertifiedStreamSlice {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(merkleProof, "merkleProof");
    Objects.requireNonNull(certification, "certification");
  }

  /** The bytes this slice counts against a block's payload limit. */
  public long countedBytes() {
    return (long) payload.length() + merkleProof.length() + certification.signature().length() + 40;
  }
}
