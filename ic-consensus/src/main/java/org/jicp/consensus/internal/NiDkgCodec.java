package org.jicp.consensus.internal;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.ChunkingProof;
import org.jicp.crypto.nidkg.Dealing;
import org.jicp.crypto.nidkg.FsCiphertext;
import org.jicp.crypto.nidkg.SharingProof;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.threshold.PublicCoefficients;

/**
 * The bytes of NI-DKG dealings and transcripts inside consensus artifacts (ic-crypto has no
 * encoding for them yet): big-endian u32 counts, compressed points (48 bytes in G1, 96 in G2),
 * 32-byte big-endian scalars. Decoding checks every point (on the curve, in the subgroup) and
 * every scalar (below r), rejects trailing bytes, and throws {@link MalformedArtifactException}.
 *
 * <p>A transcript starts with a kind byte: {@value #GENESIS} for a trusted-dealer genesis key
 * (public coefficients only; the shares were handed out at setup), {@value #NIDKG} for an NI-DKG
 * transcript (public coefficients and the receivers' ciphertexts of the dealings it combines).
 */
public final class NiDkgCodec {
  /** Transcript kind: public coefficients of a trusted-dealer genesis key. */
  public static final byte GENESIS = 1;
  /** Transcript kind: an NI-DKG transcript. */
  public static final byte NIDKG = 2;

  private NiDkgCodec() {}

  /** A decoded transcript: its public coefficients and, for an NI-DKG one, the transcript. */
  public record DecodedTranscript(PublicCoefficients coefficients, Transcript transcript) {}

  // ------------------------------------------------------------------------------------------

  /** The bytes of a genesis transcript. */
  public static Bytes genesisTranscript(PublicCoefficients c) {
    Writer w = new Writer();
    w.out.write(GENESIS);
    w.coefficients(c);
    return w.bytes();
  }

  /** The bytes of an NI-DKG transcript. */
  public static Bytes transcript(Transcript t) {
    Writer w = new Writer();
    w.out.write(NIDKG);
    w.coefficients(t.publicCoefficients());
    w.u32(t.receiverData().size());
    t.receiverData().forEach(
        (dealer, c) -> {
          w.u32(dealer);
          w.ciphertext(c);
        });
    return w.bytes();
  }

  /** The bytes of a dealing. */
  public static Bytes dealing(Dealing d) {
    Writer w = new Writer();
    w.coefficients(d.publicCoefficients());
    w.ciphertext(d.ciphertext());
    ChunkingProof p = d.chunkingProof();
    w.g1(p.y0());
    w.g1s(p.b());
    w.g1s(p.c());
    w.g1s(p.d());
    w.g1(p.y());
    w.scalars(p.zR());
    w.scalars(p.zS());
    w.scalar(p.zBeta());
    SharingProof s = d.sharingProof();
    w.g1(s.f());
    w.g2(s.a());
    w.g1(s.y());
    w.scalar(s.zR());
    w.scalar(s.zAlpha());
    return w.bytes();
  }

  /** Only the public coefficients of a transcript (cheap: the ciphertexts are not decoded). */
  public static PublicCoefficients transcriptCoefficients(Bytes b) {
    return read(b, r -> {
      byte kind = r.buf.get();
      if (kind != GENESIS && kind != NIDKG) {
        throw new MalformedArtifactException("unknown transcript kind " + kind);
      }
      return r.coefficients();
    }, false);
  }

  /** A whole transcript. */
  public static DecodedTranscript decodeTranscript(Bytes b) {
    return read(b, r -> {
      byte kind = r.buf.get();
      PublicCoefficients c = r.coefficients();
      if (kind == GENESIS) {
        return new DecodedTranscript(c, null);
      }
      if (kind != NIDKG) {
        throw new MalformedArtifactException("unknown transcript kind " + kind);
      }
      int n = r.count();
      SortedMap<Integer, FsCiphertext> data = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        int dealer = r.count();
        data.put(dealer, r.ciphertext());
      }
      return new DecodedTranscript(c, new Transcript(c, data));
    }, true);
  }

  /** A dealing. */
  public static Dealing decodeDealing(Bytes b) {
    return read(b, r -> {
      PublicCoefficients c = r.coefficients();
      FsCiphertext ct = r.ciphertext();
      ChunkingProof p = new ChunkingProof(r.g1(), r.g1s(), r.g1s(), r.g1s(), r.g1(), r.scalars(), r.scalars(), r.scalar());
      SharingProof s = new SharingProof(r.g1(), r.g2(), r.g1(), r.scalar(), r.scalar());
      return new Dealing(c, ct, p, s);
    }, true);
  }

  private interface Body<T> {
    T read(Reader r);
  }

  private static <T> T read(Bytes b, Body<T> body, boolean whole) {
    Reader r = new Reader(ByteBuffer.wrap(b.toByteArray()));
    try {
      T t = body.read(r);
      if (whole && r.buf.hasRemaining()) {
        throw new MalformedArtifactException(r.buf.remaining() + " trailing bytes");
      }
      return t;
    } catch (BufferUnderflowException e) {
      throw new MalformedArtifactException("truncated NI-DKG encoding", e);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new MalformedArtifactException("invalid NI-DKG encoding: " + e.getMessage(), e);
    }
  }

  private static final class Writer {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void u32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
    }

    void g1(G1Point p) {
      out.writeBytes(p.toBytes());
    }

    void g2(G2Point p) {
      out.writeBytes(p.toBytes());
    }

    void scalar(Scalar s) {
      out.writeBytes(s.toBytes());
    }

    void g1s(List<G1Point> ps) {
      u32(ps.size());
      ps.forEach(this::g1);
    }

    void g2s(List<G2Point> ps) {
      u32(ps.size());
      ps.forEach(this::g2);
    }

    void scalars(List<Scalar> ss) {
      u32(ss.size());
      ss.forEach(this::scalar);
    }

    void coefficients(PublicCoefficients c) {
      g2s(c.coefficients());
    }

    void ciphertext(FsCiphertext c) {
      u32(c.chunks().size());
      c.chunks().forEach(this::g1s);
      g1s(c.randR());
      g1s(c.randS());
      g2s(c.randZ());
    }

    Bytes bytes() {
      return Bytes.of(out.toByteArray());
    }
  }

  private static final class Reader {
    /** Bounds counts so that a hostile count cannot make us allocate much. */
    private static final int MAX_COUNT = 1 << 16;

    final ByteBuffer buf;

    Reader(ByteBuffer buf) {
      this.buf = buf;
    }

    int count() {
      int n = buf.getInt();
      if (n < 0 || n > MAX_COUNT) {
        throw new MalformedArtifactException("count out of range: " + Integer.toUnsignedString(n));
      }
      return n;
    }

    G1Point g1() {
      byte[] b = new byte[48];
      buf.get(b);
      return G1Point.fromBytes(b);
    }

    G2Point g2() {
      byte[] b = new byte[96];
      buf.get(b);
      return G2Point.fromBytes(b);
    }

    Scalar scalar() {
      byte[] b = new byte[32];
      buf.get(b);
      return Scalar.fromBytes(b);
    }

    List<G1Point> g1s() {
      int n = count();
      List<G1Point> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(g1());
      }
      return out;
    }

    List<G2Point> g2s() {
      int n = count();
      List<G2Point> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(g2());
      }
      return out;
    }

    List<Scalar> scalars() {
      int n = count();
      List<Scalar> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(scalar());
      }
      return out;
    }

    PublicCoefficients coefficients() {
      return new PublicCoefficients(g2s());
    }

    FsCiphertext ciphertext() {
      int n = count();
      List<List<G1Point>> chunks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        chunks.add(g1s());
      }
      return new FsCiphertext(chunks, g1s(), g1s(), g2s());
    }
  }
}
