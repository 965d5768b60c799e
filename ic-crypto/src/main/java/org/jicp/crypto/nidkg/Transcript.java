package org.jicp.crypto.nidkg;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.threshold.PublicCoefficients;

/**
 * An NI-DKG transcript ({@code Transcript} of {@code ni_dkg_groth20_bls12_381}): the combined
 * public coefficients (the group key is the first) and, per dealer index, that dealer's
 * ciphertext, from which each receiver decrypts and combines its share.
 *
 * @param publicCoefficients the combined commitments; their length is the new threshold
 * @param receiverData dealer index → ciphertext, sorted by index (copied)
 */
public record Transcript(PublicCoefficients publicCoefficients, SortedMap<Integer, FsCiphertext> receiverData) {
  /** Validates and copies the components. */
  public Transcript {
    Objects.requireNonNull(publicCoefficients, "publicCoefficients");
    Objects.requireNonNull(receiverData, "receiverData");
    if (receiverData.isEmpty()) {
      throw new IllegalArgumentException("a transcript combines at least one dealing");
    }
    int receivers = -1;
    for (Map.Entry<Integer, FsCiphertext> e : receiverData.entrySet()) {
      if (e.getKey() == null || e.getKey() < 0) {
        throw new IllegalArgumentException("dealer index must not be negative: " + e.getKey());
      }
      Objects.requireNonNull(e.getValue(), "ciphertext of dealer " + e.getKey());
      if (receivers >= 0 && e.getValue().receivers() != receivers) {
        throw new IllegalArgumentException(
            "dealer " + e.getKey() + "'s ciphertext has " + e.getValue().receivers() + " receivers, others " + receivers);
      }
      receivers = e.getValue().receivers();
    }
    receiverData = Collections.unmodifiableSortedMap(new TreeMap<>(receiverData));
  }

  /** The number of receivers (the new committee's size). */
  public int receivers() {
    return receiverData.get(receiverData.firstKey()).receivers();
  }

  /** The threshold of the new key. */
  public int threshold() {
    return publicCoefficients.threshold();
  }
}
