package org.jicp.crypto.nidkg;

import java.util.Objects;
import org.jicp.crypto.threshold.PublicCoefficients;

/**
 * An NI-DKG dealing ({@code Dealing} of {@code ni_dkg_groth20_bls12_381}): one message from one
 * dealer, verifiable by anyone without secrets. The associated data of its encryption binds the
 * dealer's index.
 *
 * @param publicCoefficients the dealer's Feldman commitments {@code A_k = g2^{a_k}} (t of them)
 * @param ciphertext every receiver's share, encrypted in 16 chunks
 * @param chunkingProof the proof that the chunks are small
 * @param sharingProof the proof that the chunks recombine to the committed shares
 */
public record Dealing(
    PublicCoefficients publicCoefficients, FsCiphertext ciphertext, ChunkingProof chunkingProof, SharingProof sharingProof) {
  /** Validates the components (the receiver counts of ciphertext and proof must agree). */
  public Dealing {
    Objects.requireNonNull(publicCoefficients, "publicCoefficients");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(chunkingProof, "chunkingProof");
    Objects.requireNonNull(sharingProof, "sharingProof");
    if (chunkingProof.receivers() != ciphertext.receivers()) {
      throw new IllegalArgumentException(
          "the ciphertext has "
              + ciphertext.receivers()
              + " receivers, the chunking proof "
              + chunkingProof.receivers());
    }
  }

  /** The number of receivers. */
  public int receivers() {
    return ciphertext.receivers();
  }
}
