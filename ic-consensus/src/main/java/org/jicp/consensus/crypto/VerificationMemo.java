package org.jicp.consensus.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.Signature;

/**
 * Signature checks that passed, remembered by a digest of everything the check depends on (the
 * kind of check, the public key or keys, the message, the signature): a memo of a pure function,
 * for the nodes of a subnet that run in one JVM. On the IC every node verifies every share and
 * aggregate it receives; when a replica runs the n nodes of a subnet in one process, each such
 * check is the same computation n times. Given one memo ({@link BlsConsensusCrypto#forNode(
 * NodeKeys, SubnetPublicKeys, org.jicp.consensus.artifact.CatchUpPackage,
 * java.util.random.RandomGenerator, Map, VerificationMemo)}), the first node to verify a (key,
 * message, signature) pays for it and the others find it.
 *
 * <p>Only successes are remembered, and a hit needs identical inputs, so every verdict is the one
 * the check would give: a forged, altered or misattributed share is verified (and rejected) as
 * before. A node's randomness does not depend on the memo (see {@code BlsConsensusCrypto}): runs
 * stay reproducible. The memo also keeps decoded signatures (each share is decoded once, not by
 * every node that verifies or aggregates it). A memo holds the last {@code capacity} successes
 * (32-byte digests) and decoded signatures; thread-safe.
 */
public final class VerificationMemo {
  private static final VerificationMemo NONE = new VerificationMemo(0, false);

  private final boolean enabled;
  private final Map<ByteBuffer, Boolean> passed;
  private final Map<ByteBuffer, Signature> decoded;

  private VerificationMemo(int capacity, boolean enabled) {
    this.enabled = enabled;
    this.passed = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
        return size() > capacity;
      }
    };
    this.decoded = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Signature> eldest) {
        return size() > capacity;
      }
    };
  }

  /** A memo of the last {@code capacity} successful checks. */
  public static VerificationMemo create(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a memo holds at least one check, not " + capacity);
    }
    return new VerificationMemo(capacity, true);
  }

  /** No memo: every check is made (the default of a node alone in its process). */
  public static VerificationMemo none() {
    return NONE;
  }

  /** Whether this memo remembers anything. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The memo key of a check: SHA-256 over the kind and each input, each length-prefixed (so no
   * two different input lists share an encoding).
   */
  static ByteBuffer key(String kind, byte[]... inputs) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    byte[] k = kind.getBytes(StandardCharsets.US_ASCII);
    d.update(ByteBuffer.allocate(4).putInt(k.length).array());
    d.update(k);
    for (byte[] in : inputs) {
      d.update(ByteBuffer.allocate(4).putInt(in.length).array());
      d.update(in);
    }
    return ByteBuffer.wrap(d.digest());
  }

  /** Whether a check with this key passed before (false when disabled). */
  boolean passed(ByteBuffer key) {
    if (!enabled) {
      return false;
    }
    synchronized (passed) {
      return passed.get(key) != null;
    }
  }

  /** Remembers that the check with this key passed. */
  void pass(ByteBuffer key) {
    if (!enabled) {
      return;
    }
    synchronized (passed) {
      passed.put(key, Boolean.TRUE);
    }
  }

  /**
   * The signature {@code bytes} decode to under {@code scheme}: decoded once per memo (decoding
   * decompresses the point and checks its subgroup, and every node decodes the shares it
   * aggregates). Without a memo, decoded each time.
   *
   * @throws org.jicp.crypto.CryptoException if the bytes are not a signature of the scheme
   */
  Signature signature(BlsScheme scheme, byte[] bytes) {
    if (!enabled) {
      return scheme.signatureFromBytes(bytes);
    }
    ByteBuffer k = key(scheme.name(), bytes);
    synchronized (decoded) {
      Signature s = decoded.get(k);
      if (s != null) {
        return s;
      }
    }
    Signature s = scheme.signatureFromBytes(bytes);
    synchronized (decoded) {
      decoded.put(k, s);
    }
    return s;
  }

  /** How many successful checks are held. */
  public int size() {
    synchronized (passed) {
      return passed.size();
    }
  }
}
