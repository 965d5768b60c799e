package org.jicp.crypto.nidkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.internal.ProtoReader;
import org.jicp.crypto.internal.ProtoReader.Field;
import org.jicp.crypto.internal.ProtoReader.Kind;
import org.jicp.crypto.internal.ProtoWriter;
import org.jicp.crypto.nidkg.internal.Params;
import org.jicp.crypto.threshold.PublicCoefficients;

/**
 * The NI-DKG wire format, {@code jicp.crypto.nidkg.v1} of {@code src/main/proto/jicp/crypto/nidkg/
 * v1/nidkg.proto}: Protocol Buffers, written canonically (as protoc's Java code writes them) and
 * read strictly. Decoding is where bytes become values: every point is decoded with its subgroup
 * check (48-byte G1, 96-byte G2, compressed), every scalar must be below r, every count must fit
 * the scheme (16 chunks, 32 repetitions, n + 1 values of {@code d}, …), and nothing unknown or
 * repeated is accepted. A failure is an {@link InvalidEncodingException} whose message gives the
 * path of the offending field, e.g. {@code Dealing.ciphertext.rand_r[3]: …}.
 */
public final class NiDkgProtobuf {
  private NiDkgProtobuf() {}

  private static Field bytes(int n, String name) {
    return new Field(n, name, Kind.LEN, false);
  }

  private static Field repeated(int n, String name) {
    return new Field(n, name, Kind.LEN, true);
  }

  private static Field uint32(int n, String name) {
    return new Field(n, name, Kind.VARINT, false);
  }

  // ---------------------------------------------------------------------------------------------
  // Points and scalars

  /** Decodes {@code b} (of exactly {@code length} bytes), prefixing any error with the path. */
  private static <T> T decode(String path, byte[] b, int length, String what, Function<byte[], T> decoder) {
    if (b.length != length) {
      throw new InvalidEncodingException(path + ": " + what + " is " + length + " bytes, got " + b.length);
    }
    try {
      return decoder.apply(b);
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException(path + ": " + e.getMessage(), e);
    }
  }

  private static G1Point g1(String path, byte[] b) {
    return decode(path, b, 48, "a G1 point (compressed)", G1Point::fromBytes);
  }

  private static G2Point g2(String path, byte[] b) {
    return decode(path, b, 96, "a G2 point (compressed)", G2Point::fromBytes);
  }

  private static Scalar scalar(String path, byte[] b) {
    return decode(path, b, Scalar.BYTES, "a scalar", Scalar::fromBytes);
  }

  private static <T> List<T> list(String path, List<byte[]> raw, Function<String, Function<byte[], T>> decoder) {
    List<T> r = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      r.add(decoder.apply(path + "[" + i + "]").apply(raw.get(i)));
    }
    return r;
  }

  private static List<G1Point> g1s(String path, List<byte[]> raw) {
    return list(path, raw, p -> b -> g1(p, b));
  }

  private static List<G2Point> g2s(String path, List<byte[]> raw) {
    return list(path, raw, p -> b -> g2(p, b));
  }

  private static List<Scalar> scalars(String path, List<byte[]> raw) {
    return list(path, raw, p -> b -> scalar(p, b));
  }

  private static void count(String path, List<?> values, int expected) {
    if (values.size() != expected) {
      throw new InvalidEncodingException(path + ": " + values.size() + " elements, expected " + expected);
    }
  }

  /** Runs a record constructor, turning a broken invariant into a decoding error at {@code path}. */
  private static <T> T build(String path, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(path + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // PublicCoefficients

  /** {@code PublicCoefficients}: the G2 commitments. */
  public static byte[] encode(PublicCoefficients pc) {
    ProtoWriter w = new ProtoWriter();
    for (G2Point p : pc.coefficients()) {
      w.bytes(1, p.toBytes());
    }
    return w.toByteArray();
  }

  /**
   * Parses {@code PublicCoefficients} (at least one point).
   *
   * @throws InvalidEncodingException naming the offending field
   */
  public static PublicCoefficients decodePublicCoefficients(byte[] data) {
    return publicCoefficients("PublicCoefficients", data);
  }

  private static PublicCoefficients publicCoefficients(String path, byte[] data) {
    ProtoReader r = new ProtoReader(path, data, repeated(1, "coefficients"));
    List<G2Point> points = g2s(path + ".coefficients", r.repeatedBytes(1));
    if (points.isEmpty()) {
      throw r.fail("coefficients: at least one point is required");
    }
    return new PublicCoefficients(points);
  }

  // ---------------------------------------------------------------------------------------------
  // EncryptionPublicKey

  /** {@code EncryptionPublicKey}: the key and its proof of possession. */
  public static byte[] encode(EncryptionPublicKey key) {
    EncryptionKeyPop pop = key.pop();
    byte[] popBytes =
        new ProtoWriter()
            .bytes(1, pop.popKey().toBytes())
            .bytes(2, pop.challenge().toBytes())
            .bytes(3, pop.response().toBytes())
            .toByteArray();
    return new ProtoWriter().bytes(1, key.key().toBytes()).message(2, popBytes).toByteArray();
  }

  /**
   * Parses an {@code EncryptionPublicKey}. The proof of possession is decoded, not verified: call
   * {@link EncryptionPublicKey#verifyPop} with the owner's associated data.
   *
   * @throws InvalidEncodingException naming the offending field
   */
  public static EncryptionPublicKey decodeEncryptionPublicKey(byte[] data) {
    String path = "EncryptionPublicKey";
    ProtoReader r = new ProtoReader(path, data, bytes(1, "key"), bytes(2, "pop"));
    G1Point key = g1(path + ".key", r.requiredBytes(1));
    String pp = path + ".pop";
    ProtoReader p =
        new ProtoReader(pp, r.requiredBytes(2), bytes(1, "pop_key"), bytes(2, "challenge"), bytes(3, "response"));
    EncryptionKeyPop pop =
        new EncryptionKeyPop(
            g1(pp + ".pop_key", p.requiredBytes(1)),
            scalar(pp + ".challenge", p.requiredBytes(2)),
            scalar(pp + ".response", p.requiredBytes(3)));
    return new EncryptionPublicKey(key, pop);
  }

  // ---------------------------------------------------------------------------------------------
  // Ciphertext, proofs, Dealing

  private static byte[] encode(FsCiphertext ct) {
    ProtoWriter w = new ProtoWriter();
    for (G1Point p : ct.randR()) {
      w.bytes(1, p.toBytes());
    }
    for (G1Point p : ct.randS()) {
      w.bytes(2, p.toBytes());
    }
    for (G2Point p : ct.randZ()) {
      w.bytes(3, p.toBytes());
    }
    for (List<G1Point> row : ct.chunks()) {
      ProtoWriter rw = new ProtoWriter();
      for (G1Point p : row) {
        rw.bytes(1, p.toBytes());
      }
      w.message(4, rw.toByteArray());
    }
    return w.toByteArray();
  }

  private static FsCiphertext ciphertext(String path, byte[] data) {
    ProtoReader r =
        new ProtoReader(path, data, repeated(1, "rand_r"), repeated(2, "rand_s"), repeated(3, "rand_z"), repeated(4, "chunks"));
    List<byte[]> rr = r.repeatedBytes(1);
    List<byte[]> ss = r.repeatedBytes(2);
    List<byte[]> zz = r.repeatedBytes(3);
    count(path + ".rand_r", rr, Params.NUM_CHUNKS);
    count(path + ".rand_s", ss, Params.NUM_CHUNKS);
    count(path + ".rand_z", zz, Params.NUM_CHUNKS);
    List<byte[]> rows = r.repeatedBytes(4);
    if (rows.isEmpty()) {
      throw r.fail("chunks: at least one receiver is required");
    }
    List<List<G1Point>> chunks = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String rp = path + ".chunks[" + i + "]";
      List<byte[]> row = new ProtoReader(rp, rows.get(i), repeated(1, "chunks")).repeatedBytes(1);
      count(rp + ".chunks", row, Params.NUM_CHUNKS);
      chunks.add(g1s(rp + ".chunks", row));
    }
    return new FsCiphertext(chunks, g1s(path + ".rand_r", rr), g1s(path + ".rand_s", ss), g2s(path + ".rand_z", zz));
  }

  private static byte[] encode(ChunkingProof p) {
    ProtoWriter w = new ProtoWriter().bytes(1, p.y0().toBytes());
    p.b().forEach(x -> w.bytes(2, x.toBytes()));
    p.c().forEach(x -> w.bytes(3, x.toBytes()));
    p.d().forEach(x -> w.bytes(4, x.toBytes()));
    w.bytes(5, p.y().toBytes());
    p.zR().forEach(x -> w.bytes(6, x.toBytes()));
    p.zS().forEach(x -> w.bytes(7, x.toBytes()));
    return w.bytes(8, p.zBeta().toBytes()).toByteArray();
  }

  private static ChunkingProof chunkingProof(String path, byte[] data, int receivers) {
    ProtoReader r =
        new ProtoReader(
            path,
            data,
            bytes(1, "y0"),
            repeated(2, "b"),
            repeated(3, "c"),
            repeated(4, "d"),
            bytes(5, "y"),
            repeated(6, "z_r"),
            repeated(7, "z_s"),
            bytes(8, "z_beta"));
    count(path + ".b", r.repeatedBytes(2), Params.NUM_ZK_REPETITIONS);
    count(path + ".c", r.repeatedBytes(3), Params.NUM_ZK_REPETITIONS);
    count(path + ".d", r.repeatedBytes(4), receivers + 1);
    count(path + ".z_r", r.repeatedBytes(6), receivers);
    count(path + ".z_s", r.repeatedBytes(7), Params.NUM_ZK_REPETITIONS);
    return new ChunkingProof(
        g1(path + ".y0", r.requiredBytes(1)),
        g1s(path + ".b", r.repeatedBytes(2)),
        g1s(path + ".c", r.repeatedBytes(3)),
        g1s(path + ".d", r.repeatedBytes(4)),
        g1(path + ".y", r.requiredBytes(5)),
        scalars(path + ".z_r", r.repeatedBytes(6)),
        scalars(path + ".z_s", r.repeatedBytes(7)),
        scalar(path + ".z_beta", r.requiredBytes(8)));
  }

  private static byte[] encode(SharingProof p) {
    return new ProtoWriter()
        .bytes(1, p.f().toBytes())
        .bytes(2, p.a().toBytes())
        .bytes(3, p.y().toBytes())
        .bytes(4, p.zR().toBytes())
        .bytes(5, p.zAlpha().toBytes())
        .toByteArray();
  }

  private static SharingProof sharingProof(String path, byte[] data) {
    ProtoReader r =
        new ProtoReader(path, data, bytes(1, "f"), bytes(2, "a"), bytes(3, "y"), bytes(4, "z_r"), bytes(5, "z_alpha"));
    return new SharingProof(
        g1(path + ".f", r.requiredBytes(1)),
        g2(path + ".a", r.requiredBytes(2)),
        g1(path + ".y", r.requiredBytes(3)),
        scalar(path + ".z_r", r.requiredBytes(4)),
        scalar(path + ".z_alpha", r.requiredBytes(5)));
  }

  /** {@code Dealing}. */
  public static byte[] encode(Dealing d) {
    return new ProtoWriter()
        .message(1, encode(d.publicCoefficients()))
        .message(2, encode(d.ciphertext()))
        .message(3, encode(d.chunkingProof()))
        .message(4, encode(d.sharingProof()))
        .toByteArray();
  }

  /**
   * Parses a {@code Dealing}: well-formed, not yet verified ({@link NiDkg#verifyDealing}).
   *
   * @throws InvalidEncodingException naming the offending field
   */
  public static Dealing decodeDealing(byte[] data) {
    String path = "Dealing";
    ProtoReader r =
        new ProtoReader(
            path, data, bytes(1, "public_coefficients"), bytes(2, "ciphertext"), bytes(3, "chunking_proof"), bytes(4, "sharing_proof"));
    PublicCoefficients pc = publicCoefficients(path + ".public_coefficients", r.requiredBytes(1));
    FsCiphertext ct = ciphertext(path + ".ciphertext", r.requiredBytes(2));
    ChunkingProof cp = chunkingProof(path + ".chunking_proof", r.requiredBytes(3), ct.receivers());
    SharingProof sp = sharingProof(path + ".sharing_proof", r.requiredBytes(4));
    return build(path, () -> new Dealing(pc, ct, cp, sp));
  }

  // ---------------------------------------------------------------------------------------------
  // Transcript

  /** {@code Transcript}: dealers' ciphertexts in ascending dealer order. */
  public static byte[] encode(Transcript t) {
    ProtoWriter w = new ProtoWriter().message(1, encode(t.publicCoefficients()));
    for (Map.Entry<Integer, FsCiphertext> e : t.receiverData().entrySet()) {
      w.message(2, new ProtoWriter().uint32(1, e.getKey()).message(2, encode(e.getValue())).toByteArray());
    }
    return w.toByteArray();
  }

  /**
   * Parses a {@code Transcript}: dealer indices strictly ascending, all ciphertexts for the same
   * number of receivers.
   *
   * @throws InvalidEncodingException naming the offending field
   */
  public static Transcript decodeTranscript(byte[] data) {
    String path = "Transcript";
    ProtoReader r = new ProtoReader(path, data, bytes(1, "public_coefficients"), repeated(2, "receiver_data"));
    PublicCoefficients pc = publicCoefficients(path + ".public_coefficients", r.requiredBytes(1));
    List<byte[]> entries = r.repeatedBytes(2);
    if (entries.isEmpty()) {
      throw r.fail("receiver_data: at least one dealer's ciphertext is required");
    }
    SortedMap<Integer, FsCiphertext> data2 = new TreeMap<>();
    long previous = -1;
    for (int i = 0; i < entries.size(); i++) {
      String ep = path + ".receiver_data[" + i + "]";
      ProtoReader er = new ProtoReader(ep, entries.get(i), uint32(1, "dealer_index"), bytes(2, "ciphertext"));
      long index = er.uint32(1);
      if (index <= previous) {
        throw er.fail("dealer_index " + index + " does not follow " + previous + " (strictly ascending, no repeats)");
      }
      if (index > Integer.MAX_VALUE) {
        throw er.fail("dealer_index " + index + " is too large");
      }
      previous = index;
      data2.put((int) index, ciphertext(ep + ".ciphertext", er.requiredBytes(2)));
    }
    return build(path, () -> new Transcript(pc, data2));
  }

  // ---------------------------------------------------------------------------------------------
  // EncryptionSecretKey (secret)

  /** {@code EncryptionSecretKey}: the key's tree nodes. The output is secret key material. */
  public static byte[] encode(EncryptionSecretKey key) {
    Objects.requireNonNull(key, "key");
    ProtoWriter w = new ProtoWriter();
    for (BteNode n : key.nodes()) {
      ProtoWriter nw = new ProtoWriter().uint32(1, n.tauBits()).uint32(2, n.tauLength());
      nw.bytes(3, n.a().toBytes()).bytes(4, n.b().toBytes());
      n.dT().forEach(p -> nw.bytes(5, p.toBytes()));
      n.dH().forEach(p -> nw.bytes(6, p.toBytes()));
      nw.bytes(7, n.e().toBytes());
      w.message(1, nw.toByteArray());
    }
    return w.toByteArray();
  }

  /**
   * Parses an {@code EncryptionSecretKey}, with every point's subgroup check (about 290 G2 points
   * per node, so up to a few seconds for a key of 33 nodes).
   *
   * @throws InvalidEncodingException naming the offending field
   */
  public static EncryptionSecretKey decodeEncryptionSecretKey(byte[] data) {
    String path = "EncryptionSecretKey";
    ProtoReader r = new ProtoReader(path, data, repeated(1, "nodes"));
    List<byte[]> raw = r.repeatedBytes(1);
    if (raw.isEmpty() || raw.size() > Params.LAMBDA_T + 1) {
      throw r.fail("nodes: 1 to " + (Params.LAMBDA_T + 1) + " nodes, got " + raw.size());
    }
    List<BteNode> nodes = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      String np = path + ".nodes[" + i + "]";
      ProtoReader nr =
          new ProtoReader(
              np,
              raw.get(i),
              uint32(1, "tau_bits"),
              uint32(2, "tau_length"),
              bytes(3, "a"),
              bytes(4, "b"),
              repeated(5, "d_t"),
              repeated(6, "d_h"),
              bytes(7, "e"));
      long tauBits = nr.uint32(1);
      long tauLength = nr.uint32(2);
      if (tauLength > Params.LAMBDA_T) {
        throw nr.fail("tau_length " + tauLength + " exceeds " + Params.LAMBDA_T);
      }
      count(np + ".d_t", nr.repeatedBytes(5), Params.LAMBDA_T - (int) tauLength);
      count(np + ".d_h", nr.repeatedBytes(6), Params.LAMBDA_H);
      G1Point a = g1(np + ".a", nr.requiredBytes(3));
      G2Point b = g2(np + ".b", nr.requiredBytes(4));
      List<G2Point> dT = g2s(np + ".d_t", nr.repeatedBytes(5));
      List<G2Point> dH = g2s(np + ".d_h", nr.repeatedBytes(6));
      G2Point e = g2(np + ".e", nr.requiredBytes(7));
      nodes.add(build(np, () -> new BteNode(tauBits, (int) tauLength, a, b, dT, dH, e)));
    }
    return new EncryptionSecretKey(nodes);
  }
}
