package org.jicp.crypto.bls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Parallelism;
import org.jicp.crypto.bls12381.CurvePoint;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.G2Prepared;
import org.jicp.crypto.bls12381.PairingProduct;
import org.jicp.crypto.bls12381.Scalar;

/**
 * A BLS signature ciphersuite of draft-irtf-cfrg-bls-signature (section 4): the variant (which
 * group holds signatures), the hash-to-curve DST, and, for proof-of-possession suites, the PoP
 * DST. Immutable and thread-safe; the constants cover the Internet Computer and Ethereum.
 *
 * <pre>{@code
 * SecretKey sk = SecretKey.random(new SecureRandom());
 * PublicKey pk = BlsScheme.IC.publicKey(sk);            // 96-byte G2 key
 * Signature sig = BlsScheme.IC.sign(sk, msg);           // 48-byte G1 signature
 * boolean ok = BlsScheme.IC.verify(pk, msg, sig);
 * }</pre>
 *
 * <p>Verification returns {@code false} for a signature that does not verify; bytes that do not
 * decode to a point of the right subgroup are rejected when parsed, with an {@link
 * InvalidEncodingException}.
 */
public final class BlsScheme {
  /** How a scheme forms the message of a proof of possession. */
  private enum Pop {
    NONE,
    /** draft-irtf-cfrg-bls-signature PopProve: sign the serialized public key. */
    DRAFT,
    /** The IC multi-signature PoP: sign ds("ic-multi-sig-bls12381-pop") || public key. */
    IC
  }

  /**
   * The IC's threshold-signature and certificate scheme: min-sig, basic (NUL) ciphersuite
   * BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_ (IC interface specification, "Certification").
   */
  public static final BlsScheme IC =
      new BlsScheme("IC", Variant.MIN_SIG, "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_", null, Pop.NONE);

  /**
   * The IC's multi-signatures (notarization, finalization): min-sig with proof of possession, DST
   * BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_; the PoP signs ds("ic-multi-sig-bls12381-pop") ||
   * pk hashed with BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_ (dfinity/ic
   * rs/crypto/internal/crypto_lib/multi_sig/bls12_381/src/crypto.rs).
   */
  public static final BlsScheme IC_MULTI =
      new BlsScheme(
          "IC_MULTI",
          Variant.MIN_SIG,
          "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_",
          "BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_",
          Pop.IC);

  /** Ethereum consensus: min-pk, proof of possession, BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_. */
  public static final BlsScheme ETH =
      new BlsScheme(
          "ETH",
          Variant.MIN_PK,
          "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_",
          "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_",
          Pop.DRAFT);

  /** Basic min-pk scheme BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_ (drand's G2 chains). */
  public static final BlsScheme MIN_PK_NUL =
      new BlsScheme("MIN_PK_NUL", Variant.MIN_PK, "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_", null, Pop.NONE);

  /** The draft's min-sig proof-of-possession suite (PoP over the serialized key). */
  public static final BlsScheme MIN_SIG_POP =
      new BlsScheme(
          "MIN_SIG_POP",
          Variant.MIN_SIG,
          "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_",
          "BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_",
          Pop.DRAFT);

  private static final byte[] IC_POP_DOMAIN = domain("ic-multi-sig-bls12381-pop");
  private static final G2Prepared NEG_G2 = G2Prepared.of(G2Point.generator().negate());
  private static final G1Point NEG_G1 = G1Point.generator().negate();

  private final String name;
  private final Variant variant;
  private final byte[] dst;
  private final byte[] popDst;
  private final Pop pop;

  private BlsScheme(String name, Variant variant, String dst, String popDst, Pop pop) {
    this.name = name;
    this.variant = variant;
    this.dst = dst.getBytes(StandardCharsets.US_ASCII);
    this.popDst = popDst == null ? null : popDst.getBytes(StandardCharsets.US_ASCII);
    this.pop = pop;
  }

  /** A basic (no proof of possession) scheme with a custom DST, for protocols that define one. */
  public static BlsScheme basic(Variant variant, String dst) {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(dst, "dst");
    return new BlsScheme("basic(" + dst + ")", variant, dst, null, Pop.NONE);
  }

  private static byte[] domain(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    byte[] r = new byte[b.length + 1];
    r[0] = (byte) b.length;
    System.arraycopy(b, 0, r, 1, b.length);
    return r;
  }

  public Variant variant() {
    return variant;
  }

  /** The ciphersuite's hash-to-curve DST. */
  public String dst() {
    return new String(dst, StandardCharsets.US_ASCII);
  }

  /** Whether this is a proof-of-possession scheme (FastAggregateVerify allowed). */
  public boolean hasProofOfPossession() {
    return pop != Pop.NONE;
  }

  // ------------------------------------------------------------------------------------------
  // Parsing

  /**
   * Parses a compressed (or uncompressed) public key and checks it is in the subgroup.
   *
   * @throws InvalidEncodingException naming the rule broken
   */
  public PublicKey publicKeyFromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return variant == Variant.MIN_SIG
        ? new PublicKey(this, G2Point.fromBytes(bytes))
        : new PublicKey(this, G1Point.fromBytes(bytes));
  }

  /**
   * The public key of this scheme with the point {@code point} (a {@link G2Point} for {@link
   * Variant#MIN_SIG}, a {@link G1Point} for {@link Variant#MIN_PK}), e.g. a threshold group key
   * computed from public coefficients. The point is trusted to be in the subgroup (points of this
   * library are, unless made with unchecked constructors).
   *
   * @throws IllegalArgumentException if the point is in the other group
   */
  public PublicKey publicKeyFromPoint(CurvePoint<?> point) {
    Objects.requireNonNull(point, "point");
    boolean ok = variant == Variant.MIN_SIG ? point instanceof G2Point : point instanceof G1Point;
    if (!ok) {
      throw new IllegalArgumentException(
          name + " keys are " + (variant == Variant.MIN_SIG ? "G2" : "G1") + " points, got a "
              + point.getClass().getSimpleName());
    }
    return new PublicKey(this, point);
  }

  /**
   * Parses a compressed (or uncompressed) signature and checks it is in the subgroup.
   *
   * @throws InvalidEncodingException naming the rule broken
   */
  public Signature signatureFromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return variant == Variant.MIN_SIG
        ? new Signature(variant, G1Point.fromBytes(bytes))
        : new Signature(variant, G2Point.fromBytes(bytes));
  }

  // ------------------------------------------------------------------------------------------
  // Keys, signing, verification

  /** SkToPk: sk times the generator of the public-key group (constant time). */
  public PublicKey publicKey(SecretKey sk) {
    Scalar s = sk.live();
    return variant == Variant.MIN_SIG
        ? new PublicKey(this, G2Point.generator().multiply(s))
        : new PublicKey(this, G1Point.generator().multiply(s));
  }

  /** hash_to_point of the scheme: the message hashed to the signature group with the DST. */
  public CurvePoint<?> hashToPoint(byte[] msg) {
    Objects.requireNonNull(msg, "msg");
    return variant == Variant.MIN_SIG ? G1Point.hashToCurve(msg, dst) : G2Point.hashToCurve(msg, dst);
  }

  /** CoreSign: sk times hash_to_point(msg) (constant time in sk). */
  public Signature sign(SecretKey sk, byte[] msg) {
    return signPoint(sk, hashToPoint(msg));
  }

  private Signature signPoint(SecretKey sk, CurvePoint<?> h) {
    Scalar s = sk.live();
    return variant == Variant.MIN_SIG
        ? new Signature(variant, ((G1Point) h).multiply(s))
        : new Signature(variant, ((G2Point) h).multiply(s));
  }

  /**
   * CoreVerify: KeyValidate(pk) and e(sig, g2) = e(H(msg), pk) (min-sig), or e(pk, H(msg)) = e(g1,
   * sig) (min-pk), as one two-pair product check.
   */
  public boolean verify(PublicKey pk, byte[] msg, Signature sig) {
    check(pk);
    check(sig);
    Objects.requireNonNull(msg, "msg");
    if (!pk.isValid()) {
      return false;
    }
    return verifyPoint(pk, hashToPoint(msg), sig);
  }

  /**
   * {@link #verify(PublicKey, byte[], Signature)} with the two Miller loops on two parts of
   * {@code parallelism} (the hash and the final exponentiation stay on the calling thread); the
   * same answer.
   */
  public boolean verify(PublicKey pk, byte[] msg, Signature sig, Parallelism parallelism) {
    Objects.requireNonNull(parallelism, "parallelism");
    check(pk);
    check(sig);
    Objects.requireNonNull(msg, "msg");
    if (!pk.isValid()) {
      return false;
    }
    return verifyPoint(pk, hashToPoint(msg), sig, parallelism);
  }

  private boolean verifyPoint(PublicKey pk, CurvePoint<?> h, Signature sig) {
    return verifyPoint(pk, h, sig, Parallelism.sequential());
  }

  private boolean verifyPoint(PublicKey pk, CurvePoint<?> h, Signature sig, Parallelism parallelism) {
    PairingProduct pp = new PairingProduct();
    if (variant == Variant.MIN_SIG) {
      pp.add(sig.g1(), NEG_G2);
      G2Prepared prepared = pk.preparedOrNull();
      if (prepared != null) {
        pp.add((G1Point) h, prepared);
      } else {
        pp.add((G1Point) h, pk.g2());
      }
    } else {
      pp.add(NEG_G1, sig.g2());
      pp.add(pk.g1(), (G2Point) h);
    }
    return pp.isOne(parallelism);
  }

  // ------------------------------------------------------------------------------------------
  // Aggregation

  /**
   * Aggregate: the sum of the signatures (also the IC's combination of multi-signature shares).
   *
   * @throws IllegalArgumentException for an empty list
   */
  public Signature aggregate(List<Signature> signatures) {
    Objects.requireNonNull(signatures, "signatures");
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("cannot aggregate an empty list of signatures");
    }
    if (variant == Variant.MIN_SIG) {
      G1Point acc = G1Point.identity();
      for (Signature s : signatures) {
        acc = acc.add(check(s).g1());
      }
      return new Signature(variant, acc);
    }
    G2Point acc = G2Point.identity();
    for (Signature s : signatures) {
      acc = acc.add(check(s).g2());
    }
    return new Signature(variant, acc);
  }

  /** The sum of the public keys (for FastAggregateVerify and IC combined multi-signatures). */
  public PublicKey aggregatePublicKeys(List<PublicKey> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("cannot aggregate an empty list of public keys");
    }
    if (variant == Variant.MIN_SIG) {
      G2Point acc = G2Point.identity();
      for (PublicKey k : keys) {
        acc = acc.add(check(k).g2());
      }
      return new PublicKey(this, acc);
    }
    G1Point acc = G1Point.identity();
    for (PublicKey k : keys) {
      acc = acc.add(check(k).g1());
    }
    return new PublicKey(this, acc);
  }

  /**
   * FastAggregateVerify (proof-of-possession schemes only): every key passes KeyValidate, and the
   * signature verifies under the sum of the keys. False for an empty key list.
   *
   * @throws IllegalStateException for a scheme without proofs of possession (rogue-key attacks)
   */
  public boolean fastAggregateVerify(List<PublicKey> keys, byte[] msg, Signature sig) {
    if (pop == Pop.NONE) {
      throw new IllegalStateException(
          name + " has no proof of possession: FastAggregateVerify would allow rogue-key attacks");
    }
    Objects.requireNonNull(keys, "keys");
    check(sig);
    if (keys.isEmpty()) {
      return false;
    }
    for (PublicKey k : keys) {
      if (!check(k).isValid()) {
        return false;
      }
    }
    return verifyPoint(aggregatePublicKeys(keys), hashToPoint(msg), sig);
  }

  /**
   * {@link #fastAggregateVerify(List, byte[], Signature)} with the hash of the message, the sum
   * of the keys and the two Miller loops split over {@code parallelism}; the same answer.
   */
  public boolean fastAggregateVerify(List<PublicKey> keys, byte[] msg, Signature sig, Parallelism parallelism) {
    Objects.requireNonNull(parallelism, "parallelism");
    if (pop == Pop.NONE) {
      throw new IllegalStateException(
          name + " has no proof of possession: FastAggregateVerify would allow rogue-key attacks");
    }
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(msg, "msg");
    check(sig);
    if (keys.isEmpty()) {
      return false;
    }
    for (PublicKey k : keys) {
      if (!check(k).isValid()) {
        return false;
      }
    }
    Object[] out = new Object[2];
    Work work = new Work();
    work.add(variant == Variant.MIN_SIG ? Work.HASH_G1 : Work.HASH_G2, () -> out[0] = hashToPoint(msg));
    work.add(keys.size(), () -> out[1] = aggregatePublicKeys(keys));
    work.run(parallelism);
    return verifyPoint((PublicKey) out[1], (CurvePoint<?>) out[0], sig, parallelism);
  }

  /**
   * AggregateVerify: prod e(H(m_i), pk_i) = e(sig, g) in one multi-pairing. In a basic (NUL)
   * scheme the messages must be distinct (else false); every key must pass KeyValidate. False for
   * empty lists.
   */
  public boolean aggregateVerify(List<PublicKey> keys, List<byte[]> messages, Signature sig) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(messages, "messages");
    check(sig);
    if (keys.size() != messages.size()) {
      throw new IllegalArgumentException(
          "aggregateVerify needs one message per key: " + keys.size() + " keys, " + messages.size() + " messages");
    }
    if (keys.isEmpty()) {
      return false;
    }
    if (pop == Pop.NONE) {
      Set<Bytes> seen = new HashSet<>();
      for (byte[] m : messages) {
        if (!seen.add(Bytes.of(m))) {
          return false;
        }
      }
    }
    PairingProduct pp = new PairingProduct();
    for (int i = 0; i < keys.size(); i++) {
      PublicKey k = check(keys.get(i));
      if (!k.isValid()) {
        return false;
      }
      CurvePoint<?> h = hashToPoint(messages.get(i));
      if (variant == Variant.MIN_SIG) {
        pp.add((G1Point) h, k.g2());
      } else {
        pp.add(k.g1(), (G2Point) h);
      }
    }
    if (variant == Variant.MIN_SIG) {
      pp.add(sig.g1(), NEG_G2);
    } else {
      pp.add(NEG_G1, sig.g2());
    }
    return pp.isOne();
  }

  /**
   * {@link #aggregateVerify(List, List, Signature)} with the hashes of the messages and the Miller
   * loop split over {@code parallelism}; the same answer.
   */
  public boolean aggregateVerify(List<PublicKey> keys, List<byte[]> messages, Signature sig, Parallelism parallelism) {
    Objects.requireNonNull(parallelism, "parallelism");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(messages, "messages");
    check(sig);
    if (keys.size() != messages.size()) {
      throw new IllegalArgumentException(
          "aggregateVerify needs one message per key: " + keys.size() + " keys, " + messages.size() + " messages");
    }
    if (keys.isEmpty()) {
      return false;
    }
    if (pop == Pop.NONE) {
      Set<Bytes> seen = new HashSet<>();
      for (byte[] m : messages) {
        if (!seen.add(Bytes.of(m))) {
          return false;
        }
      }
    }
    for (PublicKey k : keys) {
      if (!check(k).isValid()) {
        return false;
      }
    }
    CurvePoint<?>[] hashes = new CurvePoint<?>[keys.size()];
    Work work = new Work();
    for (int i = 0; i < keys.size(); i++) {
      final int ii = i;
      byte[] m = Objects.requireNonNull(messages.get(i), "message");
      work.add(variant == Variant.MIN_SIG ? Work.HASH_G1 : Work.HASH_G2, () -> hashes[ii] = hashToPoint(m));
    }
    work.run(parallelism);
    PairingProduct pp = new PairingProduct();
    for (int i = 0; i < keys.size(); i++) {
      if (variant == Variant.MIN_SIG) {
        pp.add((G1Point) hashes[i], keys.get(i).g2());
      } else {
        pp.add(keys.get(i).g1(), (G2Point) hashes[i]);
      }
    }
    if (variant == Variant.MIN_SIG) {
      pp.add(sig.g1(), NEG_G2);
    } else {
      pp.add(NEG_G1, sig.g2());
    }
    return pp.isOne(parallelism);
  }

  /**
   * Verifies n independent (key, message, signature) triples at once with random 64-bit
   * coefficients r_i: prod e(r_i H(m_i), pk_i) = e(sum r_i sig_i, g), one multi-Miller loop and
   * one final exponentiation. Triples that share a message share its hash; in min-sig, triples
   * that share a key share one pairing, or — when there are fewer distinct messages than keys, as
   * with the shares of one consensus artifact — triples that share a message do (their keys are
   * combined first); in min-pk, triples that share a message share one pairing. Coefficients are
   * 64-bit, so the multi-scalar multiplications walk 64 bits. True only if (except with probability about 2^-64) every triple verifies. Use a
   * cryptographically strong generator: the coefficients must be unpredictable to the signers.
   */
  public boolean batchVerify(
      List<PublicKey> keys, List<byte[]> messages, List<Signature> signatures, RandomGenerator rng) {
    return batchVerify(keys, messages, signatures, rng, Parallelism.sequential());
  }

  /**
   * {@link #batchVerify(List, List, List, RandomGenerator)} with its independent work — hashing
   * the distinct messages, the multi-scalar multiplications (in slices), the scalar
   * multiplications and the Miller loop (in groups of pairs) — split over {@code parallelism}. The
   * coefficients are drawn from {@code rng} on the calling thread first, exactly as the
   * sequential method draws them, so the same generator state gives the same answer.
   */
  public boolean batchVerify(
      List<PublicKey> keys,
      List<byte[]> messages,
      List<Signature> signatures,
      RandomGenerator rng,
      Parallelism parallelism) {
    Objects.requireNonNull(rng, "rng");
    Objects.requireNonNull(parallelism, "parallelism");
    int n = keys.size();
    if (messages.size() != n || signatures.size() != n) {
      throw new IllegalArgumentException("batchVerify needs equally many keys, messages and signatures");
    }
    if (n == 0) {
      return true;
    }
    List<Scalar> rs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long r;
      do {
        r = rng.nextLong();
      } while (r == 0);
      rs.add(Scalar.fromBytesReduced(java.nio.ByteBuffer.allocate(8).putLong(r).array()));
    }
    int tasks = parallelism.tasks();
    Work work = new Work();
    PairingProduct pp = new PairingProduct();
    if (variant == Variant.MIN_SIG) {
      List<G1Point> sigs = new ArrayList<>(n);
      java.util.Set<PublicKey> distinctKeys = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      java.util.Map<Bytes, List<Integer>> byMessage = new java.util.LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        PublicKey k = check(keys.get(i));
        if (!k.isValid()) {
          return false;
        }
        sigs.add(check(signatures.get(i)).g1());
        distinctKeys.add(k);
        byMessage.computeIfAbsent(Bytes.of(messages.get(i)), m -> new ArrayList<>()).add(i);
      }
      G1Point[] sigParts = sliceMsm(work, sigs, rs, tasks, Work.MSM_G1_POINT);
      List<List<Integer>> groups = new ArrayList<>(byMessage.values());
      G1Point[] hashes = new G1Point[groups.size()];
      for (int g = 0; g < groups.size(); g++) {
        final int gi = g;
        byte[] m = messages.get(groups.get(g).get(0));
        work.add(Work.HASH_G1, () -> hashes[gi] = (G1Point) hashToPoint(m));
      }
      if (byMessage.size() < distinctKeys.size()) {
        // prod_m e(H(m), sum_{i: m_i = m} r_i pk_i) = e(sum r_i sig_i, g2): one hash and one pair
        // per distinct message (shares of one artifact: many keys, one message).
        List<G2Point[]> keyParts = new ArrayList<>(groups.size());
        for (List<Integer> group : groups) {
          List<G2Point> ks = new ArrayList<>(group.size());
          List<Scalar> rk = new ArrayList<>(group.size());
          for (int i : group) {
            ks.add(keys.get(i).g2());
            rk.add(rs.get(i));
          }
          keyParts.add(sliceMsm(work, ks, rk, tasks, Work.MSM_G2_POINT));
        }
        work.run(parallelism);
        for (int g = 0; g < groups.size(); g++) {
          pp.add(hashes[g], sum(keyParts.get(g)));
        }
      } else {
        // prod_K e(sum_{i: pk_i = K} r_i H(m_i), K) = e(sum r_i sig_i, g2): one pair per distinct
        // key. Grouped by key object (identity): cheap, and equal keys in distinct objects are
        // merely not merged, which costs time but not correctness.
        work.run(parallelism);
        G1Point[] terms = new G1Point[n];
        Work products = new Work();
        for (int g = 0; g < groups.size(); g++) {
          G1Point h = hashes[g];
          for (int i : groups.get(g)) {
            final int ii = i;
            products.add(Work.MSM_G1_POINT, () -> terms[ii] = h.multiplyVartime(rs.get(ii)));
          }
        }
        products.run(parallelism);
        java.util.Map<PublicKey, G1Point> byKey = new java.util.IdentityHashMap<>();
        for (List<Integer> group : groups) {
          for (int i : group) {
            byKey.merge(keys.get(i), terms[i], G1Point::add);
          }
        }
        for (java.util.Map.Entry<PublicKey, G1Point> e : byKey.entrySet()) {
          G2Prepared prepared = e.getKey().preparedOrNull();
          if (prepared != null) {
            pp.add(e.getValue(), prepared);
          } else {
            pp.add(e.getValue(), e.getKey().g2());
          }
        }
      }
      pp.add(sum(sigParts), NEG_G2);
    } else {
      // prod_m e(sum_{i: m_i = m} r_i pk_i, H(m)) = e(g1, sum r_i sig_i): one pair per distinct message.
      List<G2Point> sigs = new ArrayList<>(n);
      java.util.Map<Bytes, List<Integer>> byMessage = new java.util.LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        PublicKey k = check(keys.get(i));
        if (!k.isValid()) {
          return false;
        }
        sigs.add(check(signatures.get(i)).g2());
        byMessage.computeIfAbsent(Bytes.of(messages.get(i)), m -> new ArrayList<>()).add(i);
      }
      G2Point[] sigParts = sliceMsm(work, sigs, rs, tasks, Work.MSM_G2_POINT);
      List<List<Integer>> groups = new ArrayList<>(byMessage.values());
      G2Point[] hashes = new G2Point[groups.size()];
      G1Point[] terms = new G1Point[n];
      for (int g = 0; g < groups.size(); g++) {
        final int gi = g;
        byte[] m = messages.get(groups.get(g).get(0));
        work.add(Work.HASH_G2, () -> hashes[gi] = (G2Point) hashToPoint(m));
        for (int i : groups.get(g)) {
          final int ii = i;
          work.add(Work.MSM_G1_POINT, () -> terms[ii] = keys.get(ii).g1().multiplyVartime(rs.get(ii)));
        }
      }
      work.run(parallelism);
      for (int g = 0; g < groups.size(); g++) {
        G1Point acc = null;
        for (int i : groups.get(g)) {
          acc = acc == null ? terms[i] : acc.add(terms[i]);
        }
        pp.add(acc, hashes[g]);
      }
      pp.add(NEG_G1, sum(sigParts));
    }
    return pp.isOne(parallelism);
  }

  /**
   * Adds slices of the multi-scalar multiplication sum k_i P_i to the work; the sum of the slices
   * (see {@link #sum}) is the result. The slices split the scalars' bits, not the points: slice j
   * computes 2^(b_j) sum_i ((k_i >> b_j) mod 2^(b_(j+1) - b_j)) P_i, so together they do the
   * work of the whole multiplication once (Pippenger's windows are independent) plus a few
   * doublings, where splitting the points would repeat every window's bucket sums per slice.
   */
  @SuppressWarnings("unchecked")
  private static <T extends CurvePoint<T>> T[] sliceMsm(
      Work work, List<T> points, List<Scalar> scalars, int tasks, int costPerPoint) {
    int bits = 1;
    for (Scalar k : scalars) {
      bits = Math.max(bits, k.toBigInteger().bitLength());
    }
    int k = Math.max(1, Math.min(tasks, bits / 16));
    T[] parts = (T[]) java.lang.reflect.Array.newInstance(points.get(0).getClass(), k);
    for (int s = 0; s < k; s++) {
      final int si = s;
      final int lo = bits * s / k;
      final int hi = bits * (s + 1) / k;
      work.add(
          costPerPoint * points.size() * (hi - lo) / Math.max(1, bits) + 1,
          () -> {
            java.math.BigInteger mask = java.math.BigInteger.ONE.shiftLeft(hi - lo).subtract(java.math.BigInteger.ONE);
            List<Scalar> slice = new ArrayList<>(scalars.size());
            for (Scalar x : scalars) {
              slice.add(Scalar.fromBigInteger(x.toBigInteger().shiftRight(lo).and(mask)));
            }
            T part = msm(points, slice);
            parts[si] = lo == 0 ? part : part.multiplyVartime(Scalar.fromBigInteger(java.math.BigInteger.ONE.shiftLeft(lo)));
          });
    }
    return parts;
  }

  @SuppressWarnings("unchecked")
  private static <T extends CurvePoint<T>> T msm(List<T> points, List<Scalar> scalars) {
    return points.get(0) instanceof G1Point
        ? (T) G1Point.multiScalarMultiply((List<G1Point>) points, scalars)
        : (T) G2Point.multiScalarMultiply((List<G2Point>) points, scalars);
  }

  private static <T extends CurvePoint<T>> T sum(T[] parts) {
    T acc = parts[0];
    for (int i = 1; i < parts.length; i++) {
      acc = acc.add(parts[i]);
    }
    return acc;
  }

  // ------------------------------------------------------------------------------------------
  // Proofs of possession

  /**
   * PopProve: a signature on the public key under the PoP DST (for {@link #IC_MULTI} the message is
   * ds("ic-multi-sig-bls12381-pop") || pk).
   */
  public Signature popProve(SecretKey sk) {
    requirePop();
    return signPoint(sk, popPoint(publicKey(sk)));
  }

  /** PopVerify: KeyValidate(pk) and the PoP verifies under pk. */
  public boolean popVerify(PublicKey pk, Signature proof) {
    requirePop();
    check(pk);
    check(proof);
    if (!pk.isValid()) {
      return false;
    }
    return verifyPoint(pk, popPoint(pk), proof);
  }

  private CurvePoint<?> popPoint(PublicKey pk) {
    byte[] pkBytes = pk.toBytes();
    byte[] msg =
        pop == Pop.IC ? concat(IC_POP_DOMAIN, pkBytes) : pkBytes;
    return variant == Variant.MIN_SIG ? G1Point.hashToCurve(msg, popDst) : G2Point.hashToCurve(msg, popDst);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private void requirePop() {
    if (pop == Pop.NONE) {
      throw new IllegalStateException(name + " has no proof-of-possession ciphersuite");
    }
  }

  /**
   * A key made for another scheme is a caller's mistake, not a forgery: verifying it under this
   * scheme would silently return false (another DST) or make no sense (another group).
   */
  private PublicKey check(PublicKey pk) {
    Objects.requireNonNull(pk, "public key");
    if (!pk.scheme().equals(this)) {
      throw new IllegalArgumentException(
          "a public key of scheme " + pk.scheme().name + " used with scheme " + name
              + " (parse or derive it with " + name + ")");
    }
    return pk;
  }

  private Signature check(Signature sig) {
    Objects.requireNonNull(sig, "signature");
    if (sig.variant() != variant) {
      throw new IllegalArgumentException(name + " needs a " + variant + " signature, got " + sig.variant());
    }
    return sig;
  }

  /** Schemes are equal when they sign the same way: variant, DST, proof-of-possession suite. */
  @Override
  public boolean equals(Object o) {
    return o instanceof BlsScheme s
        && s.variant == variant
        && s.pop == pop
        && Arrays.equals(s.dst, dst)
        && Arrays.equals(s.popDst, popDst);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variant, pop, Arrays.hashCode(dst));
  }

  /** The scheme's name, e.g. {@code IC}. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + "(" + variant + ", " + dst() + ")";
  }
}
