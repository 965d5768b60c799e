package org.jicp.nns.registry;

import org.jicp.types.RegistryVersion;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord;
import org.jicp.nns.registry.pb.NiDkgId;
import org.jicp.nns.registry.pb.NiDkgTag;

/**
 * A TEST STAND-IN for the initial NI-DKG (test scope only), for the registry tests that create,
 * split, recover and merge many subnets and check registry rules, not cryptography: the subnet key
 * is a BLS12-381 key pair ({@link BlsScheme#IC}) derived from the seed, the nodes and the registry
 * version, and the transcripts' {@code internal_csp_transcript} is an opaque hash, not an NI-DKG
 * transcript. Production code, the hosted NNS and the demo use {@link NiDkgInitialDkg}.
 */
final class StandInInitialDkg implements InitialDkg {
  private final byte[] seed;

  /** A stand-in whose keys are derived from {@code seed}. */
  StandInInitialDkg(Bytes seed) {
    this.seed = Objects.requireNonNull(seed, "seed").toByteArray();
  }

  @Override
  public InitialDkgResult setupInitialDkg(List<NodeId> nodes, RegistryVersion registryVersion) {
    if (nodes.isEmpty()) {
      throw new InvariantViolationException("dkg-receivers", "an initial DKG needs at least one node");
    }
    SecretKey sk = secretKey(nodes, registryVersion);
    PublicKey pk = BlsScheme.IC.publicKey(sk);
    byte[] pkBytes = pk.toBytes();
    SubnetId subnet = InitialDkgResult.subnetIdOf(Bytes.of(pkBytes));
    return new InitialDkgResult(
        transcript(nodes, registryVersion, NiDkgTag.NI_DKG_TAG_LOW_THRESHOLD, pkBytes),
        transcript(nodes, registryVersion, NiDkgTag.NI_DKG_TAG_HIGH_THRESHOLD, pkBytes),
        Bytes.of(pkBytes),
        subnet);
  }

  /** The subnet secret key this stand-in derives for {@code nodes} at {@code version}. */
  SecretKey secretKey(List<NodeId> nodes, RegistryVersion version) {
    java.security.MessageDigest d = Hashing.sha256();
    d.update(seed);
    d.update(Hashing.u64be(version.value()));
    for (NodeId n : nodes) {
      byte[] raw = n.toByteArray();
      d.update((byte) raw.length);
      d.update(raw);
    }
    return SecretKey.keyGen(d.digest(), "jicp-initial-dkg".getBytes(StandardCharsets.US_ASCII));
  }

  private static InitialNiDkgTranscriptRecord transcript(
      List<NodeId> nodes, RegistryVersion version, NiDkgTag tag, byte[] pk) {
    int n = nodes.size();
    int f = (n - 1) / 3;
    int threshold = tag == NiDkgTag.NI_DKG_TAG_HIGH_THRESHOLD ? 2 * f + 1 : f + 1;
    InitialNiDkgTranscriptRecord.Builder b =
        InitialNiDkgTranscriptRecord.newBuilder()
            .setId(NiDkgId.newBuilder().setStartBlockHeight(0).setDkgTag(tag))
            .setThreshold(threshold)
            .setRegistryVersion(version.value())
            .setInternalCspTranscript(
                ByteString.copyFrom(Hashing.sha256("jicp-placeholder-transcript".getBytes(StandardCharsets.US_ASCII),
                    pk, new byte[] {(byte) tag.getNumber()})));
    for (NodeId node : nodes) {
      b.addCommittee(ByteString.copyFrom(node.toByteArray()));
    }
    return b.build();
  }
}
