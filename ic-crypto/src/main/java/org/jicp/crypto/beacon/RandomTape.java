package org.jicp.crypto.beacon;

import java.util.Objects;
import org.jicp.crypto.Bytes;

/**
 * A random tape: {@code Signed<RandomTapeContent, ThresholdSignature>}.
 *
 * @param content the signed content
 * @param signature the combined low-threshold signature (48 bytes)
 * @param signer the NI-DKG id of the key
 */
public record RandomTape(RandomTapeContent content, Bytes signature, NiDkgId signer) {
  /** Validates the components. */
  public RandomTape {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(signer, "signer");
  }

  /** {@code crypto_hash(tape)} (domain {@code random_tape_domain}): the execution CSPRNG's seed. */
  public CryptoHash cryptoHash() {
    return SignedContent.signedHash(DomainSeparator.RANDOM_TAPE, content::hashInto, signature, signer);
  }
}
