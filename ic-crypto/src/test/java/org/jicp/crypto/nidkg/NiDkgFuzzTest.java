package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.testing.SeededFuzz;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the NI-DKG wire format ({@link NiDkgProtobuf}: dealings, transcripts, public
 * coefficients, encryption public keys — bytes from other nodes) and for dealing verification.
 *
 * <p>Decoders: the only outcomes are a value or an {@link InvalidEncodingException}; what decodes
 * is canonical (re-encoding gives the same bytes, and decoding those the same value), and a
 * decoded dealing that is not the honest one does not verify. Verification: a dealing with any
 * component replaced (another dealing's, the identity, the generator, its negation, a multiple,
 * a swap within its list) or checked under another dealer index is rejected with a {@link
 * DealingVerification} failure, never an exception; only the untouched dealing under its own
 * index verifies.
 *
 * <p>Each target runs as a Jazzer {@code @FuzzTest} (default build: its committed inputs in {@code
 * src/test/resources/org/jicp/crypto/nidkg/NiDkgFuzzTestInputs/<target>/}; {@code JAZZER_FUZZ=1}
 * with {@code -Dtest=NiDkgFuzzTest#<target>}: coverage-guided) and as a seeded mutation run of a
 * few seconds ({@code -Pfuzz}: longer). docs/fuzzing.md has the commands and the runs.
 */
class NiDkgFuzzTest {
  static final int N = 4;
  static final int T = 2;
  static final int DEALER = 1;

  /** Honest material, made once per JVM (two dealings take a few seconds). */
  static final class Fixture {
    static final NiDkgConfig CFG = NiDkgConfig.fresh(N, T, NiDkgFixtures.EPOCH);
    static final List<EncryptionPublicKey> PKS = NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(N));
    static final Dealing HONEST;
    static final Dealing OTHER;
    static final Transcript TRANSCRIPT;

    static {
      SplittableRandom rng = new SplittableRandom(0xd1c6L);
      OTHER = NiDkg.createDealing(CFG, 0, PKS, rng);
      HONEST = NiDkg.createDealing(CFG, DEALER, PKS, rng);
      TRANSCRIPT = NiDkg.createTranscript(CFG, Map.of(0, OTHER, DEALER, HONEST));
    }
  }

  private static void canonical(byte[] data, byte[] again, Object value, Object reDecoded) {
    if (!Arrays.equals(again, data)) {
      throw new AssertionError("accepted a non-canonical encoding (re-encoding differs): " + Bytes.hex(data));
    }
    if (!value.equals(reDecoded)) {
      throw new AssertionError("decode(encode(x)) != x for " + Bytes.hex(data));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Decoders

  @FuzzTest(maxDuration = "120s")
  void dealing_anyBytes_canonicalDealingOrInvalidEncoding(byte[] data) {
    Dealing d;
    try {
      d = NiDkgProtobuf.decodeDealing(data);
    } catch (InvalidEncodingException expected) {
      return;
    }
    byte[] again = NiDkgProtobuf.encode(d);
    canonical(data, again, d, NiDkgProtobuf.decodeDealing(again));
    if (!d.equals(Fixture.HONEST)) {
      DealingVerification v = NiDkg.verifyDealing(Fixture.CFG, DEALER, Fixture.PKS, d);
      if (v.isValid()) {
        throw new AssertionError("a decoded dealing other than the honest one verifies: " + Bytes.hex(data));
      }
    }
  }

  @FuzzTest(maxDuration = "120s")
  void transcript_anyBytes_canonicalTranscriptOrInvalidEncoding(byte[] data) {
    Transcript t;
    try {
      t = NiDkgProtobuf.decodeTranscript(data);
    } catch (InvalidEncodingException expected) {
      return;
    }
    byte[] again = NiDkgProtobuf.encode(t);
    canonical(data, again, t, NiDkgProtobuf.decodeTranscript(again));
  }

  @FuzzTest(maxDuration = "120s")
  void publicCoefficientsAndKeys_anyBytes_canonicalValueOrInvalidEncoding(byte[] data) {
    try {
      PublicCoefficients pc = NiDkgProtobuf.decodePublicCoefficients(data);
      byte[] again = NiDkgProtobuf.encode(pc);
      canonical(data, again, pc, NiDkgProtobuf.decodePublicCoefficients(again));
    } catch (InvalidEncodingException expected) {
      // typed rejection
    }
    try {
      EncryptionPublicKey k = NiDkgProtobuf.decodeEncryptionPublicKey(data);
      byte[] again = NiDkgProtobuf.encode(k);
      canonical(data, again, k, NiDkgProtobuf.decodeEncryptionPublicKey(again));
      // The proof of possession of a mutated key must not verify for any of the fixed owners.
      boolean known = Fixture.PKS.contains(k);
      for (int i = 0; i < N; i++) {
        if (k.verifyPop(NiDkgFixtures.nodeId(i)) && !(known && Fixture.PKS.get(i).equals(k))) {
          throw new AssertionError("a mutated key's proof of possession verifies for node " + i + ": " + Bytes.hex(data));
        }
      }
    } catch (InvalidEncodingException expected) {
      // typed rejection
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Verification of mutated dealings

  /**
   * Applies the edits {@code data} describes to the honest dealing and verifies the result. Byte
   * 0 picks the dealer index (mostly the honest one); then each 4 bytes are one edit: component,
   * element, replacement, argument (see {@link Edit}).
   */
  @FuzzTest(maxDuration = "120s")
  void verifyDealing_editedDealing_onlyTheHonestOneVerifies(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int dealer = switch (data[0] & 7) {
      case 6 -> 0;
      case 7 -> (data[0] & 0x80) != 0 ? -1 - (data[0] & 0x70) : N + ((data[0] >> 4) & 7);
      default -> DEALER;
    };
    Dealing d = Fixture.HONEST;
    for (int i = 1; i + 3 < data.length && i < 1 + 4 * 4; i += 4) {
      d = Edit.apply(d, Fixture.OTHER, data[i] & 0xff, data[i + 1] & 0xff, data[i + 2] & 0xff, data[i + 3] & 0xff);
    }
    DealingVerification v = NiDkg.verifyDealing(Fixture.CFG, dealer, Fixture.PKS, d);
    boolean honest = d.equals(Fixture.HONEST) && dealer == DEALER;
    if (v.isValid() != honest) {
      throw new AssertionError((honest ? "the honest dealing is rejected: " : "an edited dealing verifies: ") + v
          + " (dealer " + dealer + ", edits " + Bytes.hex(data) + ")");
    }
    if (!v.isValid() && (v.failure() == null || v.detail() == null || v.detail().isBlank())) {
      throw new AssertionError("a failure without its reason: " + v);
    }
  }

  /** Edits of one component of a dealing, by numbers (so that a fuzzer can pick them). */
  static final class Edit {
    private Edit() {}

    static final int COMPONENTS = 18;

    static Dealing apply(Dealing d, Dealing o, int component, int index, int kind, int arg) {
      PublicCoefficients pc = d.publicCoefficients();
      FsCiphertext ct = d.ciphertext();
      ChunkingProof cp = d.chunkingProof();
      SharingProof sp = d.sharingProof();
      return switch (component % COMPONENTS) {
        case 0 -> new Dealing(new PublicCoefficients(g2s(pc.coefficients(), o.publicCoefficients().coefficients(), index, kind, arg)), ct, cp, sp);
        case 1 -> {
          int r = index % ct.receivers();
          List<List<G1Point>> rows = new ArrayList<>(ct.chunks());
          rows.set(r, g1s(rows.get(r), o.ciphertext().chunks().get(r), arg, kind, index));
          yield new Dealing(pc, new FsCiphertext(rows, ct.randR(), ct.randS(), ct.randZ()), cp, sp);
        }
        case 2 -> new Dealing(pc, new FsCiphertext(ct.chunks(), g1s(ct.randR(), o.ciphertext().randR(), index, kind, arg), ct.randS(), ct.randZ()), cp, sp);
        case 3 -> new Dealing(pc, new FsCiphertext(ct.chunks(), ct.randR(), g1s(ct.randS(), o.ciphertext().randS(), index, kind, arg), ct.randZ()), cp, sp);
        case 4 -> new Dealing(pc, new FsCiphertext(ct.chunks(), ct.randR(), ct.randS(), g2s(ct.randZ(), o.ciphertext().randZ(), index, kind, arg)), cp, sp);
        case 5 -> chunking(d, new ChunkingProof(g1(cp.y0(), o.chunkingProof().y0(), kind, arg), cp.b(), cp.c(), cp.d(), cp.y(), cp.zR(), cp.zS(), cp.zBeta()));
        case 6 -> chunking(d, new ChunkingProof(cp.y0(), g1s(cp.b(), o.chunkingProof().b(), index, kind, arg), cp.c(), cp.d(), cp.y(), cp.zR(), cp.zS(), cp.zBeta()));
        case 7 -> chunking(d, new ChunkingProof(cp.y0(), cp.b(), g1s(cp.c(), o.chunkingProof().c(), index, kind, arg), cp.d(), cp.y(), cp.zR(), cp.zS(), cp.zBeta()));
        case 8 -> chunking(d, new ChunkingProof(cp.y0(), cp.b(), cp.c(), g1s(cp.d(), o.chunkingProof().d(), index, kind, arg), cp.y(), cp.zR(), cp.zS(), cp.zBeta()));
        case 9 -> chunking(d, new ChunkingProof(cp.y0(), cp.b(), cp.c(), cp.d(), g1(cp.y(), o.chunkingProof().y(), kind, arg), cp.zR(), cp.zS(), cp.zBeta()));
        case 10 -> chunking(d, new ChunkingProof(cp.y0(), cp.b(), cp.c(), cp.d(), cp.y(), scalars(cp.zR(), o.chunkingProof().zR(), index, kind, arg), cp.zS(), cp.zBeta()));
        case 11 -> chunking(d, new ChunkingProof(cp.y0(), cp.b(), cp.c(), cp.d(), cp.y(), cp.zR(), scalars(cp.zS(), o.chunkingProof().zS(), index, kind, arg), cp.zBeta()));
        case 12 -> chunking(d, new ChunkingProof(cp.y0(), cp.b(), cp.c(), cp.d(), cp.y(), cp.zR(), cp.zS(), scalar(cp.zBeta(), o.chunkingProof().zBeta(), kind, arg)));
        case 13 -> new Dealing(pc, ct, cp, new SharingProof(g1(sp.f(), o.sharingProof().f(), kind, arg), sp.a(), sp.y(), sp.zR(), sp.zAlpha()));
        case 14 -> new Dealing(pc, ct, cp, new SharingProof(sp.f(), g2(sp.a(), o.sharingProof().a(), kind, arg), sp.y(), sp.zR(), sp.zAlpha()));
        case 15 -> new Dealing(pc, ct, cp, new SharingProof(sp.f(), sp.a(), g1(sp.y(), o.sharingProof().y(), kind, arg), sp.zR(), sp.zAlpha()));
        case 16 -> new Dealing(pc, ct, cp, new SharingProof(sp.f(), sp.a(), sp.y(), scalar(sp.zR(), o.sharingProof().zR(), kind, arg), sp.zAlpha()));
        default -> new Dealing(pc, ct, cp, new SharingProof(sp.f(), sp.a(), sp.y(), sp.zR(), scalar(sp.zAlpha(), o.sharingProof().zAlpha(), kind, arg)));
      };
    }

    private static Dealing chunking(Dealing d, ChunkingProof cp) {
      return new Dealing(d.publicCoefficients(), d.ciphertext(), cp, d.sharingProof());
    }

    private static G1Point g1(G1Point x, G1Point other, int kind, int arg) {
      return switch (kind % 6) {
        case 0 -> other;
        case 1 -> G1Point.identity();
        case 2 -> G1Point.generator();
        case 3 -> x.negate();
        case 4 -> x.add(G1Point.generator());
        default -> x.multiply(Scalar.fromLong(arg + 2L));
      };
    }

    private static G2Point g2(G2Point x, G2Point other, int kind, int arg) {
      return switch (kind % 6) {
        case 0 -> other;
        case 1 -> G2Point.identity();
        case 2 -> G2Point.generator();
        case 3 -> x.negate();
        case 4 -> x.add(G2Point.generator());
        default -> x.multiply(Scalar.fromLong(arg + 2L));
      };
    }

    private static Scalar scalar(Scalar x, Scalar other, int kind, int arg) {
      return switch (kind % 6) {
        case 0 -> other;
        case 1 -> Scalar.ZERO;
        case 2 -> Scalar.ONE;
        case 3 -> x.negate();
        case 4 -> x.add(Scalar.ONE);
        default -> x.multiply(Scalar.fromLong(arg + 2L));
      };
    }

    /** Element {@code index} of {@code xs} replaced ({@code kind} 0–5) or swapped with element {@code arg} (6). */
    private static <T> List<T> edit(List<T> xs, int index, int kind, int arg, UnaryOperator<T> replace) {
      List<T> r = new ArrayList<>(xs);
      int i = index % r.size();
      if (kind % 7 == 6) {
        int j = arg % r.size();
        T t = r.get(i);
        r.set(i, r.get(j));
        r.set(j, t);
      } else {
        r.set(i, replace.apply(r.get(i)));
      }
      return r;
    }

    private static List<G1Point> g1s(List<G1Point> xs, List<G1Point> other, int index, int kind, int arg) {
      return edit(xs, index, kind, arg, x -> g1(x, other.get(index % other.size()), kind, arg));
    }

    private static List<G2Point> g2s(List<G2Point> xs, List<G2Point> other, int index, int kind, int arg) {
      return edit(xs, index, kind, arg, x -> g2(x, other.get(index % other.size()), kind, arg));
    }

    private static List<Scalar> scalars(List<Scalar> xs, List<Scalar> other, int index, int kind, int arg) {
      return edit(xs, index, kind, arg, x -> scalar(x, other.get(index % other.size()), kind, arg));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The bounded runs of the default build (seeded mutation of the same seeds)

  static List<byte[]> dealingSeeds() {
    return List.of(NiDkgProtobuf.encode(Fixture.HONEST), NiDkgProtobuf.encode(Fixture.OTHER));
  }

  @Test
  @Timeout(120)
  void seededMutation_dealings_canonicalDealingOrInvalidEncoding() {
    List<byte[]> seeds = dealingSeeds();
    SeededFuzz.writeSeeds("dealing_anyBytes_canonicalDealingOrInvalidEncoding", List.of("honest", "other"), seeds);
    assertThat(SeededFuzz.run("NiDkgFuzzTest.dealing", seeds, 150, this::dealing_anyBytes_canonicalDealingOrInvalidEncoding))
        .isEqualTo(2 + SeededFuzz.iterations(150));
  }

  @Test
  @Timeout(120)
  void seededMutation_transcripts_canonicalTranscriptOrInvalidEncoding() {
    List<byte[]> seeds = List.of(NiDkgProtobuf.encode(Fixture.TRANSCRIPT));
    SeededFuzz.writeSeeds("transcript_anyBytes_canonicalTranscriptOrInvalidEncoding", List.of("two-dealers"), seeds);
    assertThat(SeededFuzz.run("NiDkgFuzzTest.transcript", seeds, 200, this::transcript_anyBytes_canonicalTranscriptOrInvalidEncoding))
        .isEqualTo(1 + SeededFuzz.iterations(200));
  }

  @Test
  @Timeout(120)
  void seededMutation_publicCoefficientsAndKeys_canonicalValueOrInvalidEncoding() {
    List<byte[]> seeds = List.of(NiDkgProtobuf.encode(Fixture.TRANSCRIPT.publicCoefficients()), NiDkgProtobuf.encode(Fixture.PKS.get(0)));
    SeededFuzz.writeSeeds("publicCoefficientsAndKeys_anyBytes_canonicalValueOrInvalidEncoding", List.of("public-coefficients", "encryption-key"), seeds);
    assertThat(SeededFuzz.run("NiDkgFuzzTest.coefficientsAndKeys", seeds, 1500,
        this::publicCoefficientsAndKeys_anyBytes_canonicalValueOrInvalidEncoding)).isEqualTo(2 + SeededFuzz.iterations(1500));
  }

  @Test
  @Timeout(120)
  void seededEdits_dealing_onlyTheHonestOneVerifies() {
    // The honest dealing itself (no edits), then random edit lists.
    List<byte[]> seeds = List.of(new byte[] {0}, new byte[] {0, 1, 2, 3, 4}, new byte[] {6});
    SeededFuzz.writeSeeds("verifyDealing_editedDealing_onlyTheHonestOneVerifies", List.of("honest", "one-edit", "other-dealer"), seeds);
    assertThat(SeededFuzz.run("NiDkgFuzzTest.verifyDealing", seeds, 40, this::verifyDealing_editedDealing_onlyTheHonestOneVerifies))
        .isEqualTo(3 + SeededFuzz.iterations(40));
  }
}
