package org.jicp.crypto.sig;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.SecretKeyAccess;

/**
 * An ECDSA secret key on P-256 or secp256k1, signing SHA-256 digests with RFC 6979 deterministic
 * nonces (BouncyCastle's {@code HMacDSAKCalculator}; the nonce point is computed with its
 * fixed-point comb, which has no secret-dependent branches). Signatures are the IC's 64-byte
 * {@code r ‖ s}; on secp256k1 {@code s} is normalised to the lower half (as k256 and the IC's
 * {@code ic-secp256k1} do), on P-256 it is left as RFC 6979 produces it.
 */
public final class EcdsaSigningKey implements SigningKey {
  private final EcCurve curve;
  private BigInteger d;
  private final UserPublicKey publicKey;
  private volatile boolean destroyed;

  private EcdsaSigningKey(EcCurve curve, BigInteger d) {
    this.curve = curve;
    this.d = d;
    this.publicKey =
        UserPublicKey.trustedEcdsa(
            curve, new FixedPointCombMultiplier().multiply(curve.domain.getG(), d).normalize());
  }

  /**
   * The key whose scalar is the 32-byte big-endian {@code secret}, which must lie in [1, n − 1].
   *
   * @param algorithm {@link SignatureAlgorithm#ECDSA_P256} or {@link
   *     SignatureAlgorithm#ECDSA_SECP256K1}
   */
  public static EcdsaSigningKey fromBytes(SignatureAlgorithm algorithm, byte[] secret)
      throws InvalidEncodingException {
    EcCurve c = EcCurve.of(algorithm);
    if (secret == null || secret.length != 32) {
      throw new InvalidEncodingException(
          algorithm + " secret key: expected 32 bytes, got " + (secret == null ? "null" : secret.length));
    }
    BigInteger d = new BigInteger(1, secret);
    if (d.signum() == 0 || d.compareTo(c.order()) >= 0) {
      throw new InvalidEncodingException(algorithm + " secret key: the scalar must be in [1, n - 1]");
    }
    return new EcdsaSigningKey(c, d);
  }

  /** A fresh key from {@code rng} (uniform in [1, n − 1]). */
  public static EcdsaSigningKey generate(SignatureAlgorithm algorithm, SecureRandom rng) {
    EcCurve c = EcCurve.of(algorithm);
    BigInteger d;
    do {
      d = BigIntegers.createRandomBigInteger(256, rng);
    } while (d.signum() == 0 || d.compareTo(c.order()) >= 0);
    return new EcdsaSigningKey(c, d);
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return curve.algorithm;
  }

  @Override
  public UserPublicKey publicKey() {
    return publicKey;
  }

  /** The 64-byte {@code r ‖ s} signature of SHA-256({@code message}). */
  @Override
  public byte[] sign(byte[] message) {
    return signDigest(EcCurve.sha256(message));
  }

  /** The 64-byte {@code r ‖ s} signature of a 32-byte SHA-256 {@code digest}. */
  public synchronized byte[] signDigest(byte[] digest) {
    if (destroyed) {
      throw new IllegalStateException("this ECDSA secret key was destroyed");
    }
    if (digest.length != 32) {
      throw new IllegalArgumentException("expected a 32-byte SHA-256 digest, got " + digest.length + " bytes");
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, curve.domain));
    BigInteger[] rs = signer.generateSignature(digest);
    BigInteger s = rs[1];
    if (curve == EcCurve.SECP256K1 && s.compareTo(curve.halfOrder) > 0) {
      s = curve.order().subtract(s);
    }
    byte[] out = new byte[64];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
    BigIntegers.asUnsignedByteArray(s, out, 32, 32);
    return out;
  }

  /**
   * The 32-byte big-endian scalar (a copy): the secret itself.
   *
   * @throws NullPointerException without the token
   */
  public synchronized byte[] secretBytes(SecretKeyAccess access) {
    SecretKeyAccess.require(access);
    if (destroyed) {
      throw new IllegalStateException("this ECDSA secret key was destroyed");
    }
    return BigIntegers.asUnsignedByteArray(32, d);
  }

  /**
   * Drops the reference to the scalar. {@link BigInteger} is immutable, so copies made by the JVM
   * cannot be wiped; this only ensures the key object can no longer sign.
   */
  @Override
  public synchronized void destroy() {
    d = BigInteger.ZERO;
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "EcdsaSigningKey[" + curve.algorithm + ", public=" + publicKey.rawHex()
        + (destroyed ? ", destroyed" : "") + "]";
  }
}
