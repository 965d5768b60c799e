package org.jicp.crypto.bls;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.SecretKeyAccess;
import org.jicp.crypto.bls12381.Scalar;

/**
 * A BLS secret key: a non-zero scalar modulo r. The same key type serves every {@link BlsScheme}.
 *
 * <p>It never prints its value, has no value-based {@code equals}, and can be destroyed; the
 * secret leaves this type only through {@link #toBytes(SecretKeyAccess)} and {@link
 * #scalar(SecretKeyAccess)}, which need the access token. Derived keys ({@link #keyGen}, {@link
 * #random}) are reduced modulo r in constant time ({@link Scalar#fromBytesReduced}).
 */
public final class SecretKey implements Destroyable {
  private static final byte[] KEYGEN_SALT = "BLS-SIG-KEYGEN-SALT-".getBytes(StandardCharsets.US_ASCII);

  private Scalar scalar;

  private SecretKey(Scalar scalar) {
    this.scalar = scalar;
  }

  /**
   * Parses a 32-byte big-endian secret key.
   *
   * @throws InvalidEncodingException if the length is not 32, or the value is 0 or not below r
   */
  public static SecretKey fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != Scalar.BYTES) {
      throw new InvalidEncodingException("a secret key is 32 bytes, got " + bytes.length);
    }
    Scalar s;
    try {
      s = Scalar.fromBytes(bytes);
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException("secret key is not below the group order r");
    }
    if (s.isZero()) {
      throw new InvalidEncodingException("secret key is zero");
    }
    return new SecretKey(s);
  }

  /** The secret key with the given scalar value (non-zero). */
  public static SecretKey fromScalar(Scalar s) {
    Objects.requireNonNull(s, "s");
    if (s.isZero()) {
      throw new IllegalArgumentException("secret key must not be zero");
    }
    return new SecretKey(s);
  }

  /** A uniformly random key from a cryptographically strong generator. */
  public static SecretKey random(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    Scalar s;
    do {
      s = Scalar.random(rng);
    } while (s.isZero());
    return new SecretKey(s);
  }

  /**
   * KeyGen of draft-irtf-cfrg-bls-signature (section 2.3, versions 04 and later; also EIP-2333's
   * hkdf_mod_r): HKDF-SHA-256 with the salt "BLS-SIG-KEYGEN-SALT-" hashed before each attempt,
   * {@code IKM || I2OSP(0, 1)}, info {@code keyInfo || I2OSP(48, 2)}, 48 output bytes reduced
   * mod r, retried while zero.
   *
   * @param ikm at least 32 bytes of secret input keying material
   * @param keyInfo optional context (may be empty)
   */
  public static SecretKey keyGen(byte[] ikm, byte[] keyInfo) {
    Objects.requireNonNull(ikm, "ikm");
    Objects.requireNonNull(keyInfo, "keyInfo");
    if (ikm.length < 32) {
      throw new IllegalArgumentException("KeyGen needs at least 32 bytes of IKM, got " + ikm.length);
    }
    byte[] salt = KEYGEN_SALT;
    byte[] ikm0 = Arrays.copyOf(ikm, ikm.length + 1);
    byte[] info = Arrays.copyOf(keyInfo, keyInfo.length + 2);
    info[keyInfo.length + 1] = 48;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      while (true) {
        salt = sha.digest(salt);
        byte[] prk = hmac(salt, ikm0);
        byte[] okm = hkdfExpand(prk, info, 48);
        Scalar s = Scalar.fromBytesReduced(okm);
        Arrays.fill(prk, (byte) 0);
        Arrays.fill(okm, (byte) 0);
        if (!s.isZero()) {
          Arrays.fill(ikm0, (byte) 0);
          return new SecretKey(s);
        }
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /** RFC 5869 HKDF-Expand with HMAC-SHA-256. */
  private static byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int pos = 0;
    for (int i = 1; pos < length; i++) {
      byte[] in = new byte[t.length + info.length + 1];
      System.arraycopy(t, 0, in, 0, t.length);
      System.arraycopy(info, 0, in, t.length, info.length);
      in[in.length - 1] = (byte) i;
      t = hmac(prk, in);
      int n = Math.min(t.length, length - pos);
      System.arraycopy(t, 0, out, pos, n);
      pos += n;
    }
    return out;
  }

  /**
   * The scalar, for protocols that compute with the key outside this package (the scalar can be
   * turned into bytes, so this is an export too).
   *
   * @throws NullPointerException without the token
   */
  public Scalar scalar(SecretKeyAccess access) {
    SecretKeyAccess.require(access);
    return live();
  }

  /**
   * The 32-byte big-endian form: the secret itself.
   *
   * @throws NullPointerException without the token
   */
  public byte[] toBytes(SecretKeyAccess access) {
    SecretKeyAccess.require(access);
    return live().toBytes();
  }

  /** The scalar, for the signing code of this package. */
  Scalar live() {
    Scalar s = scalar;
    if (s == null) {
      throw new IllegalStateException("secret key was destroyed");
    }
    return s;
  }

  /** Forgets the key; later use throws {@link IllegalStateException}. */
  @Override
  public void destroy() {
    scalar = null;
  }

  @Override
  public boolean isDestroyed() {
    return scalar == null;
  }

  /** Constant-time comparison of two keys. */
  public boolean constantTimeEquals(SecretKey other) {
    return live().equals(other.live()); // Scalar.equals is constant time
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return isDestroyed() ? "SecretKey(destroyed)" : "SecretKey(***)";
  }
}
