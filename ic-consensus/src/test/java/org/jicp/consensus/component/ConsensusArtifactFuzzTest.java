package org.jicp.consensus.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.artifact.ArtifactCodec;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BasicSignature;
import org.jicp.consensus.artifact.Block;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpContent;
import org.jicp.consensus.artifact.CatchUpPackageShare;
import org.jicp.consensus.artifact.EquivocationProof;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.certification.CertificationCodec;
import org.jicp.consensus.certification.CertificationMessage;
import org.jicp.consensus.certification.CertificationShare;
import org.jicp.consensus.certification.FullCertification;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.ConsensusPool;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetType;
import org.jicp.types.Time;
import org.jicp.crypto.testing.SeededFuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for consensus artifacts from peers: the wire decoders ({@link ArtifactCodec} for
 * blocks, notarizations and finalizations and their shares, random beacons and tapes, catch-up
 * packages and their shares, DKG dealings; {@link CertificationCodec}) and the {@link Validator}
 * fed with what decodes.
 *
 * <p>Decoders: the only outcomes are an artifact or a {@link MalformedArtifactException}, and
 * what decodes is canonical ({@code encode(decode(b)) == b}). Validator: a node whose pool holds
 * an honest subnet's artifacts up to height {@value #PREFIX} gets one decoded artifact (seeds: the
 * honest artifacts of the next height, which it can decide) as unvalidated and runs its validator: no exception escapes, and nothing is moved to the
 * validated section but an artifact an honest node made (every signature in this subnet is an
 * 8-byte keyed hash, so a mutated artifact that is accepted was accepted without verification).
 *
 * <p>Seeds: every artifact four honest nodes gossip up to finalized height 8 with a DKG interval
 * of 4 (summary blocks and dealings included), the genesis catch-up package, and the two kinds
 * this hand-driven subnet does not gossip, made from its artifacts: a catch-up package share (it
 * delivers no batches, so no state is certified for one) and an equivocation proof (no node
 * equivocates); all 13 kinds. Jazzer
 * {@code @FuzzTest}s replay their committed inputs in the default build ({@code JAZZER_FUZZ=1}
 * with {@code -Dtest=ConsensusArtifactFuzzTest#<target>} fuzzes); the seeded mutation runs take
 * a few seconds ({@code -Pfuzz}: longer). docs/fuzzing.md has the commands and the runs.
 */
class ConsensusArtifactFuzzTest {
  static final long PREFIX = 3;

  /** An honest run, and a node that validated its artifacts up to {@link #PREFIX}. */
  static final class Fixture {
    static final TestSubnet SUBNET = new TestSubnet(4, ConsensusConfig.defaults(SubnetType.APPLICATION).withDkgIntervalLength(4));
    static final Set<ConsensusMessage> HONEST = new LinkedHashSet<>();
    static final Time NOW;
    static final long NOW_MS;
    static final ConsensusPool VICTIM_POOL;
    static final TestSubnet.Node VICTIM;

    static {
      long t = 0;
      while (t < 60_000 && SUBNET.nodes.stream().mapToLong(n -> n.pool.finalizedHeight().value()).min().orElse(0) < 8) {
        for (TestSubnet.Node n : SUBNET.nodes) {
          for (int i = 0; i < 100; i++) {
            List<ChangeAction> c = n.consensus.onStateChange(n.pool, Time.ofMillis(t));
            if (c.isEmpty()) {
              break;
            }
            ConsensusPool.Applied a = n.apply(c, t);
            a.added().forEach(m -> {
              HONEST.add(m);
              SUBNET.broadcast(n, m);
            });
          }
        }
        t += 100;
      }
      NOW_MS = t + 10_000;
      NOW = Time.ofMillis(NOW_MS);
      VICTIM = SUBNET.new Node(SUBNET.ids.get(0));
      VICTIM_POOL = VICTIM.pool;
      for (ConsensusMessage m : HONEST) {
        if (m.height().value() <= PREFIX) {
          VICTIM_POOL.addUnvalidated(m);
        }
      }
      VICTIM.validate(NOW_MS);
      VICTIM_POOL.dropUnvalidated();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Decoders

  @FuzzTest(maxDuration = "120s")
  void artifact_anyBytes_canonicalArtifactOrMalformed(byte[] data) {
    ConsensusMessage m;
    try {
      m = ArtifactCodec.decode(Bytes.of(data));
    } catch (MalformedArtifactException expected) {
      return;
    }
    Bytes again = ArtifactCodec.encode(m);
    if (!Arrays.equals(again.toByteArray(), data)) {
      throw new AssertionError("accepted a non-canonical encoding: " + Bytes.hex(data));
    }
    if (!ArtifactCodec.decode(again).equals(m)) {
      throw new AssertionError("decode(encode(x)) != x for " + Bytes.hex(data));
    }
  }

  @FuzzTest(maxDuration = "120s")
  void certification_anyBytes_canonicalMessageOrMalformed(byte[] data) {
    CertificationMessage m;
    try {
      m = CertificationCodec.decode(Bytes.of(data));
    } catch (MalformedArtifactException expected) {
      return;
    }
    Bytes again = CertificationCodec.encode(m);
    if (!Arrays.equals(again.toByteArray(), data) || !CertificationCodec.decode(again).equals(m)) {
      throw new AssertionError("certification message does not round-trip: " + Bytes.hex(data));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The validator

  private static final java.util.concurrent.atomic.AtomicInteger DECODED = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger ACCEPTED = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger REJECTED = new java.util.concurrent.atomic.AtomicInteger();

  @FuzzTest(maxDuration = "120s")
  void validator_decodedArtifact_acceptsOnlyHonestArtifactsNeverThrows(byte[] data) {
    ConsensusMessage m;
    try {
      m = ArtifactCodec.decode(Bytes.of(data));
    } catch (MalformedArtifactException expected) {
      return;
    }
    DECODED.incrementAndGet();
    ConsensusPool pool = Fixture.VICTIM_POOL;
    synchronized (pool) {
      pool.dropUnvalidated();
      pool.addUnvalidated(m);
      List<ChangeAction> changes;
      try {
        changes = new Validator(Fixture.VICTIM.ctx).onStateChange(pool, Fixture.NOW);
      } finally {
        pool.dropUnvalidated();
      }
      for (ChangeAction c : changes) {
        ConsensusMessage accepted = c instanceof ChangeAction.MoveToValidated mv ? mv.message()
            : c instanceof ChangeAction.AddToValidated ad ? ad.message() : null;
        if (c instanceof ChangeAction.HandleInvalid) {
          REJECTED.incrementAndGet();
        }
        if (accepted != null) {
          ACCEPTED.incrementAndGet();
        }
        if (accepted != null && !Fixture.HONEST.contains(accepted)) {
          throw new AssertionError("the validator accepted an artifact no honest node made: " + accepted + " from " + Bytes.hex(data));
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The bounded runs of the default build

  static List<byte[]> artifactSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    Map<ArtifactType, Integer> kinds = new EnumMap<>(ArtifactType.class);
    for (ConsensusMessage m : Fixture.HONEST) {
      // A few of each kind, lowest heights first (the validator's node knows heights <= PREFIX).
      if (kinds.merge(m.type(), 1, Integer::sum) <= 6) {
        seeds.add(ArtifactCodec.encode(m).toByteArray());
      }
    }
    seeds.add(ArtifactCodec.encode(Fixture.SUBNET.genesis).toByteArray());
    // The two kinds this hand-driven subnet does not gossip.
    seeds.add(ArtifactCodec.encode(catchUpShare()).toByteArray());
    seeds.add(ArtifactCodec.encode(equivocation()).toByteArray());
    System.out.println("ConsensusArtifactFuzzTest: " + Fixture.HONEST.size() + " honest artifacts, seeds per kind " + kinds);
    return seeds;
  }

  private static Bytes eightBytes(int b) {
    return Bytes.of(new byte[] {(byte) b, 1, 2, 3, 4, 5, 6, 7});
  }

  /**
   * A catch-up package share of the honest run's latest summary block above genesis (with its
   * beacon): its content is what the subnet would sign once the state at that height is
   * certified (this subnet certifies none: the state hash is made up, the share's signature is
   * 8 bytes as every signature here).
   */
  static CatchUpPackageShare catchUpShare() {
    HashedBlock summary = null;
    for (ConsensusMessage m : Fixture.HONEST) {
      if (m instanceof BlockProposal p && p.block().block().payload().isSummary() && p.height().value() > 0
          && (summary == null || p.height().compareTo(summary.height()) > 0)) {
        summary = p.block();
      }
    }
    RandomBeacon beacon = null;
    for (ConsensusMessage m : Fixture.HONEST) {
      if (summary != null && m instanceof RandomBeacon b && b.height().compareTo(summary.height()) == 0) {
        beacon = b;
      }
    }
    CatchUpContent genesis = Fixture.SUBNET.genesis.content();
    byte[] state = new byte[32];
    Arrays.fill(state, (byte) 0x5c);
    CatchUpContent c = summary == null || beacon == null ? genesis
        : new CatchUpContent(summary, beacon, new CryptoHash(Bytes.of(state)), genesis.oldestRegistryVersionInUse());
    return new CatchUpPackageShare(c.shareContent(), new ThresholdSignatureShare(Fixture.SUBNET.ids.get(1), eightBytes(0x31)));
  }

  /**
   * An equivocation proof: an honest proposal at height {@link #PREFIX} + 1 and a second block of
   * the same maker, height and rank (the same block a millisecond later), as the validator makes
   * one from two such proposals.
   */
  static EquivocationProof equivocation() {
    for (ConsensusMessage m : Fixture.HONEST) {
      if (m instanceof BlockProposal p && p.height().value() == PREFIX + 1) {
        Block b = p.block().block();
        ValidationContext ctx = b.context();
        Block other = new Block(b.version(), b.parent(), b.height(), b.rank(),
            new ValidationContext(ctx.registryVersion(), ctx.certifiedHeight(), Time.ofNanos(ctx.time().nanos() + 1_000_000)), b.payload());
        return EquivocationProof.of(p, new BlockProposal(HashedBlock.of(other), new BasicSignature(p.signer(), eightBytes(0x32))));
      }
    }
    throw new IllegalStateException("no proposal at height " + (PREFIX + 1));
  }

  /** Every honest artifact at height {@link #PREFIX} + 1: the ones the validator's node can decide. */
  static List<byte[]> validatorSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (ConsensusMessage m : Fixture.HONEST) {
      if (m.height().value() == PREFIX + 1) {
        seeds.add(ArtifactCodec.encode(m).toByteArray());
      }
    }
    return seeds;
  }

  private static List<String> names(List<byte[]> seeds) {
    List<String> names = new ArrayList<>();
    for (byte[] s : seeds) {
      names.add(ArtifactCodec.decode(Bytes.of(s)).type().name().toLowerCase() + "-" + names.size());
    }
    return names;
  }

  @Test
  void fixture_honestRun_hasEveryArtifactKindTheValidatorChecks() {
    Set<ArtifactType> kinds = new LinkedHashSet<>();
    Fixture.HONEST.forEach(m -> kinds.add(m.type()));
    assertThat(kinds).contains(ArtifactType.BLOCK_PROPOSAL, ArtifactType.NOTARIZATION_SHARE, ArtifactType.NOTARIZATION,
        ArtifactType.FINALIZATION_SHARE, ArtifactType.FINALIZATION, ArtifactType.RANDOM_BEACON_SHARE, ArtifactType.RANDOM_BEACON,
        ArtifactType.RANDOM_TAPE_SHARE, ArtifactType.RANDOM_TAPE, ArtifactType.DEALING);
    assertThat(Fixture.VICTIM_POOL.finalizedHeight().value()).isGreaterThanOrEqualTo(PREFIX - 1);
  }

  @Test
  void artifactSeeds_coverAllThirteenKinds() {
    Set<ArtifactType> kinds = new LinkedHashSet<>();
    for (byte[] s : artifactSeeds()) {
      kinds.add(ArtifactCodec.decode(Bytes.of(s)).type());
      artifact_anyBytes_canonicalArtifactOrMalformed(s);
    }
    assertThat(kinds).containsExactlyInAnyOrder(ArtifactType.values());
    assertThat(catchUpShare().height().value()).as("a summary above genesis").isPositive();
  }

  @Test
  @Timeout(120)
  void seededMutation_artifacts_canonicalArtifactOrMalformed() {
    List<byte[]> seeds = artifactSeeds();
    SeededFuzz.writeSeeds("artifact_anyBytes_canonicalArtifactOrMalformed", names(seeds), seeds);
    assertThat(SeededFuzz.run("ConsensusArtifactFuzzTest.artifact", seeds, 3000, this::artifact_anyBytes_canonicalArtifactOrMalformed))
        .isEqualTo(seeds.size() + SeededFuzz.iterations(3000));
  }

  @Test
  @Timeout(120)
  void seededMutation_certificationMessages_canonicalMessageOrMalformed() {
    NiDkgId high = NiDkgId.local(0, Principal.fromBytes(new byte[] {1, 2, 3}), NiDkgTag.HIGH_THRESHOLD);
    byte[] r = new byte[32];
    Arrays.fill(r, (byte) 0x5a);
    Bytes root = Bytes.of(r);
    List<byte[]> seeds = List.of(
        CertificationCodec.encode(new CertificationShare(Height.of(5), root, new ThresholdSignatureShare(NodeId.ofIndex(2), Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))).toByteArray(),
        CertificationCodec.encode(new FullCertification(Height.of(300), root, new ThresholdSignature(Bytes.of(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}), high))).toByteArray());
    SeededFuzz.writeSeeds("certification_anyBytes_canonicalMessageOrMalformed", List.of("share", "full"), seeds);
    assertThat(SeededFuzz.run("ConsensusArtifactFuzzTest.certification", seeds, 3000, this::certification_anyBytes_canonicalMessageOrMalformed))
        .isEqualTo(2 + SeededFuzz.iterations(3000));
  }

  @Test
  @Timeout(120)
  void seededMutation_validator_acceptsOnlyHonestArtifactsNeverThrows() {
    List<byte[]> seeds = validatorSeeds();
    SeededFuzz.writeSeeds("validator_decodedArtifact_acceptsOnlyHonestArtifactsNeverThrows", names(seeds), seeds);
    assertThat(SeededFuzz.run("ConsensusArtifactFuzzTest.validator", seeds, 3000,
        this::validator_decodedArtifact_acceptsOnlyHonestArtifactsNeverThrows)).isEqualTo(seeds.size() + SeededFuzz.iterations(3000));
    System.out.println("ConsensusArtifactFuzzTest.validator: " + DECODED + " inputs decoded, " + ACCEPTED + " honest ones accepted, "
        + REJECTED + " rejected as invalid");
    assertThat(REJECTED.get()).as("mutated artifacts reach the validator's checks").isPositive();
  }
}
