package org.jicp.crypto.nidkg.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.internal.ChaCha20Rng;
import org.jicp.crypto.internal.Hashing;

/**
 * The IC's random oracles over structured data ({@code random_oracles.rs}): every value has a
 * "unique hash" — SHA-256 of a type-specific domain separator and the value's encoding — and
 * vectors and maps hash the unique hashes of their parts. A map hashes its entries sorted by the
 * unique hash of the key. The oracles then hash a unique hash under a purpose domain, to bytes, to
 * a scalar (ChaCha20 seeded with the digest, then MIRACL's {@code BIG::randomnum}), or to G1.
 */
public final class RandomOracle {
  private RandomOracle() {}

  private static final String DOMAIN_RO_INT = "ic-random-oracle-integer";
  private static final String DOMAIN_RO_STRING = "ic-random-oracle-string";
  private static final String DOMAIN_RO_SCALAR = "ic-random-oracle-bls12381-scalar";
  private static final String DOMAIN_RO_G1 = "ic-random-oracle-bls12381-g1";
  private static final String DOMAIN_RO_G2 = "ic-random-oracle-bls12381-g2";
  private static final String DOMAIN_RO_BYTE_ARRAY = "ic-random-oracle-byte-array";
  private static final String DOMAIN_RO_MAP = "ic-random-oracle-map";
  private static final String DOMAIN_RO_VECTOR = "ic-random-oracle-vector";

  private static byte[] hash(String domain, byte[] data) {
    MessageDigest md = Hashing.sha256WithDomain(domain);
    md.update(data);
    return md.digest();
  }

  /** Unique hash of a string. */
  public static byte[] ofString(String s) {
    return hash(DOMAIN_RO_STRING, s.getBytes(StandardCharsets.UTF_8));
  }

  /** Unique hash of a {@code usize}/{@code u64}: 8 bytes big-endian. */
  public static byte[] ofInt(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (56 - 8 * i));
    }
    return hash(DOMAIN_RO_INT, b);
  }

  /** Unique hash of a byte vector. */
  public static byte[] ofBytes(byte[] b) {
    return hash(DOMAIN_RO_BYTE_ARRAY, b);
  }

  /** Unique hash of a scalar: its 32 big-endian bytes. */
  public static byte[] of(Scalar s) {
    return hash(DOMAIN_RO_SCALAR, s.toBytes());
  }

  /** Unique hash of a G1 point: its compressed encoding. */
  public static byte[] of(G1Point p) {
    return hash(DOMAIN_RO_G1, p.toBytes());
  }

  /** Unique hash of a G2 point: its compressed encoding. */
  public static byte[] of(G2Point p) {
    return hash(DOMAIN_RO_G2, p.toBytes());
  }

  /** Unique hash of a vector whose elements' unique hashes {@code elementHash} computes. */
  public static <T> byte[] ofVector(List<T> elements, Function<T, byte[]> elementHash) {
    MessageDigest md = Hashing.sha256WithDomain(DOMAIN_RO_VECTOR);
    for (T e : elements) {
      md.update(elementHash.apply(e));
    }
    return md.digest();
  }

  /** Unique hash of a vector of G1 points. */
  public static byte[] ofG1s(List<G1Point> points) {
    return ofVector(points, RandomOracle::of);
  }

  /** Unique hash of a vector of G2 points. */
  public static byte[] ofG2s(List<G2Point> points) {
    return ofVector(points, RandomOracle::of);
  }

  /** Unique hash of a vector of vectors of G1 points. */
  public static byte[] ofG1Matrix(List<List<G1Point>> rows) {
    return ofVector(rows, RandomOracle::ofG1s);
  }

  /** Unique hash of a vector of scalars. */
  public static byte[] ofScalars(List<Scalar> scalars) {
    return ofVector(scalars, RandomOracle::of);
  }

  /**
   * A map whose entries are added as (key, unique hash of value); its unique hash sorts the entries
   * by the unique hash of the key (a Rust {@code BTreeMap<[u8; 32], [u8; 32]>}).
   */
  public static final class HashedMap {
    private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

    /** Adds an entry; the value is already a unique hash. */
    public HashedMap put(String key, byte[] valueHash) {
      entries.put(ofString(key), valueHash);
      return this;
    }

    /** The map's unique hash. */
    public byte[] uniqueHash() {
      MessageDigest md = Hashing.sha256WithDomain(DOMAIN_RO_MAP);
      for (var e : entries.entrySet()) {
        md.update(e.getKey());
        md.update(e.getValue());
      }
      return md.digest();
    }
  }

  /** {@code random_oracle(domain, data)}: SHA-256 of the domain separator and the unique hash. */
  public static byte[] oracle(String domain, byte[] uniqueHash) {
    return hash(domain, uniqueHash);
  }

  /** {@code random_oracle_to_scalar}: ChaCha20 seeded with the oracle output, then {@link #miraclRandom}. */
  public static Scalar toScalar(String domain, byte[] uniqueHash) {
    return miraclRandom(new ChaCha20Rng(oracle(domain, uniqueHash)));
  }

  /**
   * {@code random_oracle_to_g1}: hash to G1 (RFC 9380 RO suite) of the unique hash, with the
   * length-prefixed domain as DST.
   */
  public static G1Point toG1(String domain, byte[] uniqueHash) {
    return G1Point.hashToCurve(uniqueHash, Hashing.domain(domain));
  }

  /**
   * The IC's {@code Scalar::miracl_random}: 64 bytes, each from its own 32-bit word ({@code
   * gen::<u8>()}), read as MIRACL's {@code BIG::randomnum} does — the first 63 bytes bit-reversed
   * and in reverse order form a little-endian 504-bit integer, which is shifted by 6 bits and
   * joined with the top 6 reversed bits of the last byte; reduced modulo r.
   */
  static Scalar miraclRandom(ChaCha20Rng rng) {
    byte[] bytes = new byte[64];
    for (int i = 0; i < 64; i++) {
      bytes[i] = (byte) rng.nextU32();
    }
    // value = sum_{j=0}^{62} rev(bytes[62 - j]) * 256^j: big-endian bytes rev(bytes[0..62])
    byte[] be = new byte[63];
    for (int i = 0; i < 63; i++) {
      be[i] = (byte) (Integer.reverse(bytes[i] & 0xff) >>> 24);
    }
    java.math.BigInteger v = new java.math.BigInteger(1, be).shiftLeft(6);
    int last = (Integer.reverse(bytes[63] & 0xff) >>> 24) >>> 2;
    return Scalar.fromBigInteger(v.add(java.math.BigInteger.valueOf(last)));
  }
}
