package org.jicp.crypto.beacon;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.internal.Hashing;

/**
 * A drand chain: a scheme and the group public key its beacons verify under.
 *
 * @param name a label
 * @param scheme the beacon scheme
 * @param publicKey the group key, in the scheme's key group (checked)
 */
public record DrandChain(String name, DrandScheme scheme, PublicKey publicKey) {
  /**
   * The League of Entropy mainnet "default" chain ({@code pedersen-bls-chained}, 30 s rounds), the
   * key of the chained beacons in {@code shared/vectors/drand/drand-beacons.json}.
   */
  public static final DrandChain DEFAULT =
      of(
          "default",
          DrandScheme.PEDERSEN_BLS_CHAINED,
          "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31");

  /** The League of Entropy "quicknet" chain ({@code bls-unchained-g1-rfc9380}, 3 s rounds). */
  public static final DrandChain QUICKNET =
      of(
          "quicknet",
          DrandScheme.BLS_UNCHAINED_G1_RFC9380,
          "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a");

  /** Validates the components. */
  public DrandChain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.variant() != scheme.bls().variant()) {
      throw new IllegalArgumentException("scheme " + scheme.id() + " needs a " + scheme.bls().variant() + " key");
    }
  }

  /**
   * The chain with a hex public key.
   *
   * @throws InvalidEncodingException if the key does not decode to a point of the key group
   */
  public static DrandChain of(String name, DrandScheme scheme, String publicKeyHex) {
    return new DrandChain(name, scheme, scheme.bls().publicKeyFromBytes(Bytes.parseHex(publicKeyHex)));
  }

  /**
   * Whether {@code signature} is round {@code round}'s beacon of this chain ({@code
   * previousSignature} is hashed in for chained schemes and ignored otherwise).
   *
   * @throws InvalidEncodingException if the signature does not decode to a point of the signature
   *     group (malformed input, as opposed to a well-formed signature that does not verify)
   */
  public boolean verify(long round, Bytes signature, Bytes previousSignature) {
    Objects.requireNonNull(signature, "signature");
    Signature sig = scheme.bls().signatureFromBytes(signature.toByteArray());
    return scheme.bls().verify(publicKey, scheme.message(round, previousSignature).toByteArray(), sig);
  }

  /** drand's randomness of a beacon: {@code SHA-256(signature)}. */
  public static Bytes randomness(Bytes signature) {
    return Bytes.of(Hashing.sha256(signature.toByteArray()));
  }
}
