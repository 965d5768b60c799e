package org.jicp.crypto.sig;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.SecretKeyAccess;

/**
 * An Ed25519 secret key (RFC 8032): the 32-byte seed, as the IC's node signing keys and
 * agent-js's {@code Ed25519KeyIdentity} hold it. Signing is BouncyCastle's constant-time RFC 8032
 * implementation; the seed never appears in {@code toString()}.
 */
public final class Ed25519SigningKey implements SigningKey {
  /** Seed length in bytes. */
  public static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;

  private final byte[] seed;
  /** The encoded public key, passed to each signature so it is not derived again (RFC 8032 5.1.6). */
  private final byte[] rawPublicKey;
  private final UserPublicKey publicKey;
  /** Signatures share the read side (they run in parallel); {@link #destroy} takes the write side. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean destroyed;

  private Ed25519SigningKey(byte[] seed) {
    this.seed = seed;
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    this.rawPublicKey = pk.clone();
    this.publicKey = UserPublicKey.trustedEd25519(pk);
  }

  /** The key of a 32-byte seed (RFC 8032's "private key"); the array is copied. */
  public static Ed25519SigningKey fromSeed(byte[] seed) throws InvalidEncodingException {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new InvalidEncodingException(
          "Ed25519 secret key: expected a " + SEED_BYTES + "-byte seed, got "
              + (seed == null ? "null" : seed.length + " bytes"));
    }
    return new Ed25519SigningKey(seed.clone());
  }

  /** A fresh key from {@code rng}. */
  public static Ed25519SigningKey generate(SecureRandom rng) {
    byte[] seed = new byte[SEED_BYTES];
    rng.nextBytes(seed);
    return new Ed25519SigningKey(seed);
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return SignatureAlgorithm.ED25519;
  }

  @Override
  public UserPublicKey publicKey() {
    return publicKey;
  }

  /** The 64-byte RFC 8032 signature {@code R ‖ S} of {@code message}. */
  @Override
  public byte[] sign(byte[] message) {
    lock.readLock().lock();
    try {
      checkLive();
      byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seed, 0, rawPublicKey, 0, message, 0, message.length, sig, 0);
      return sig;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The seed (a copy): the secret itself.
   *
   * @throws NullPointerException without the token
   */
  public byte[] seedBytes(SecretKeyAccess access) {
    SecretKeyAccess.require(access);
    lock.readLock().lock();
    try {
      checkLive();
      return seed.clone();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void destroy() {
    lock.writeLock().lock();
    try {
      Arrays.fill(seed, (byte) 0);
      destroyed = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("this Ed25519 secret key was destroyed");
    }
  }

  @Override
  public String toString() {
    return "Ed25519SigningKey[public=" + publicKey.rawHex() + (destroyed ? ", destroyed" : "") + "]";
  }
}
