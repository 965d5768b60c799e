package org.jicp.consensus.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import org.jicp.consensus.ConsensusException;
import org.jicp.consensus.artifact.DkgConfig;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.component.Membership;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.consensus.crypto.SubnetCrypto;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * <b>INSECURE — for simulation only.</b> A fast, deterministic stand-in for the consensus crypto,
 * so that simulations can run thousands of seeds: every "signature" is an 8-byte keyed hash whose
 * key any node can compute from public information, so anyone can forge anything. It keeps
 * exactly the properties the protocol's logic observes — a signature verifies only for the signer,
 * message and key it was made for (so corrupted signatures are caught), aggregates name their
 * signers, threshold signatures are unique per key and message whichever shares made them, a
 * resharing keeps the group key, dealings verify only for their dealer and DKG — at the cost of a
 * few nanoseconds. Never use it outside tests and the simulator; {@link
 * org.jicp.consensus.crypto.BlsConsensusCrypto} is the real thing. It lives in a package the module
 * does not export: users reach it only as the simulator's {@code CryptoKind.FAST}.
 */
public final class InsecureSimulationCrypto implements SubnetCrypto {
  private static final long BASIC = 0x6261736963L;
  private static final long MULTI = 0x6d756c7469L;
  private static final long AGG = 0x616767L;
  private static final long T_SHARE = 0x74736861L;
  private static final long T_SIG = 0x74736967L;
  private static final long DEAL = 0x6465616cL;

  private final long seed;
  private final SubnetId subnet;
  private final List<NodeId> nodes;
  private final Map<NodeId, Long> nodeKeys = new HashMap<>();
  private final DkgTranscript genesisLow;
  private final DkgTranscript genesisHigh;
  private final long subnetKey;

  private InsecureSimulationCrypto(long seed, SubnetId subnet, List<NodeId> nodes) {
    this.seed = seed;
    this.subnet = subnet;
    this.nodes = List.copyOf(nodes);
    for (NodeId n : nodes) {
      nodeKeys.put(n, mix(seed ^ hash(0, n.principal().toByteArray())));
    }
    int f = Membership.faultsTolerated(nodes.size());
    this.subnetKey = mix(seed + 2);
    this.genesisLow = transcript(NiDkgId.local(0, subnet.principal(), NiDkgTag.LOW_THRESHOLD), f + 1, mix(seed + 1));
    this.genesisHigh = transcript(NiDkgId.local(0, subnet.principal(), NiDkgTag.HIGH_THRESHOLD), Membership.notarizationThreshold(nodes.size()), subnetKey);
  }

  /** The stand-in keys of {@code nodes} (sorted, distinct) of {@code subnet}, from {@code seed}. */
  public static InsecureSimulationCrypto create(SubnetId subnet, List<NodeId> nodes, long seed) {
    Objects.requireNonNull(subnet, "subnet");
    List<NodeId> sorted = new ArrayList<>(nodes);
    sorted.sort(null);
    return new InsecureSimulationCrypto(seed, subnet, sorted);
  }

  private DkgTranscript transcript(NiDkgId id, int threshold, long key) {
    return new DkgTranscript(id, threshold, nodes, Bytes.of(ByteBuffer.allocate(8).putLong(key).array()));
  }

  @Override
  public ConsensusCrypto forNode(NodeId node) {
    if (!nodeKeys.containsKey(node)) {
      throw new IllegalArgumentException(node + " is not in the subnet");
    }
    return new NodeCrypto(node);
  }

  @Override
  public DkgTranscript genesisTranscript(NiDkgTag tag) {
    return tag == NiDkgTag.LOW_THRESHOLD ? genesisLow : genesisHigh;
  }

  @Override
  public String name() {
    return "fast";
  }

  // ------------------------------------------------------------------------------------------

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long hash(long key, byte[] msg) {
    long h = mix(key ^ msg.length);
    int i = 0;
    for (; i + 8 <= msg.length; i += 8) {
      long w = 0;
      for (int j = 0; j < 8; j++) {
        w |= (msg[i + j] & 0xffL) << (8 * j);
      }
      h = mix(h ^ w) + 0x9e3779b97f4a7c15L;
    }
    long w = 0;
    for (int j = 0; i + j < msg.length; j++) {
      w |= (msg[i + j] & 0xffL) << (8 * j);
    }
    return mix(h ^ w ^ 0xff);
  }

  private static Bytes tag(long v) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(v).array());
  }

  private static long keyOf(DkgTranscript t) {
    if (t.data().length() != 8) {
      throw new ConsensusException("not a stand-in transcript: " + t.dkgId());
    }
    return ByteBuffer.wrap(t.data().toByteArray()).getLong();
  }

  private long nodeKey(NodeId n) {
    Long k = nodeKeys.get(n);
    return k == null ? 0 : k;
  }

  private static long dkgIdHash(NiDkgId id) {
    HashTraitWriter w = new HashTraitWriter();
    id.hashInto(w);
    return hash(DEAL, w.toByteArray());
  }

  private long dealingValue(DkgConfig c, Optional<DkgTranscript> reshared, NodeId dealer) {
    return reshared.isPresent() ? keyOf(reshared.get()) : mix(seed ^ dkgIdHash(c.dkgId()) ^ nodeKey(dealer));
  }

  private Bytes dealing(DkgConfig c, Optional<DkgTranscript> reshared, NodeId dealer) {
    long mac = hash(seed ^ DEAL ^ nodeKey(dealer), tag(dkgIdHash(c.dkgId())).toByteArray());
    return Bytes.of(ByteBuffer.allocate(16).putLong(mac).putLong(dealingValue(c, reshared, dealer)).array());
  }

  private final class NodeCrypto implements ConsensusCrypto {
    private final NodeId self;

    NodeCrypto(NodeId self) {
      this.self = self;
    }

    @Override
    public NodeId self() {
      return self;
    }

    @Override
    public Bytes signBasic(byte[] message) {
      return tag(hash(BASIC ^ nodeKey(self), message));
    }

    @Override
    public boolean verifyBasic(NodeId signer, byte[] message, Bytes signature) {
      return nodeKeys.containsKey(signer) && signature.equals(tag(hash(BASIC ^ nodeKey(signer), message)));
    }

    @Override
    public Bytes signMulti(byte[] message) {
      return tag(hash(MULTI ^ nodeKey(self), message));
    }

    @Override
    public boolean[] verifyMultiShares(byte[] message, List<MultiSignatureShare> shares) {
      boolean[] ok = new boolean[shares.size()];
      for (int i = 0; i < ok.length; i++) {
        MultiSignatureShare s = shares.get(i);
        ok[i] = nodeKeys.containsKey(s.signer()) && s.signature().equals(tag(hash(MULTI ^ nodeKey(s.signer()), message)));
      }
      return ok;
    }

    private long signersKey(List<NodeId> signers) {
      long k = AGG;
      for (NodeId n : signers) {
        k = mix(k ^ nodeKey(n));
      }
      return k;
    }

    @Override
    public Bytes aggregateMulti(List<MultiSignatureShare> verifiedShares) {
      List<NodeId> signers = new ArrayList<>();
      verifiedShares.forEach(s -> signers.add(s.signer()));
      signers.sort(null);
      return tag(hash(signersKey(signers), message(verifiedShares)));
    }

    private byte[] message(List<MultiSignatureShare> shares) {
      // The aggregate binds the signers and the message: the message is recovered from the
      // shares' tags by the verifier's recomputation, so bind the sorted share tags instead.
      List<MultiSignatureShare> sorted = new ArrayList<>(shares);
      sorted.sort((a, b) -> a.signer().compareTo(b.signer()));
      ByteBuffer b = ByteBuffer.allocate(8 * sorted.size());
      for (MultiSignatureShare s : sorted) {
        b.put(s.signature().toByteArray());
      }
      return b.array();
    }

    @Override
    public boolean verifyMulti(byte[] message, MultiSignature signature) {
      List<MultiSignatureShare> shares = new ArrayList<>();
      for (NodeId n : signature.signers()) {
        if (!nodeKeys.containsKey(n)) {
          return false;
        }
        shares.add(new MultiSignatureShare(n, tag(hash(MULTI ^ nodeKey(n), message))));
      }
      return signature.signature().equals(tag(hash(signersKey(signature.signers()), message(shares))));
    }

    @Override
    public Bytes signThreshold(DkgTranscript transcript, byte[] message) {
      int i = transcript.indexOf(self);
      if (i < 0) {
        throw new ConsensusException(self + " holds no share of " + transcript.dkgId());
      }
      return tag(hash(T_SHARE ^ keyOf(transcript) ^ mix(i + 1), message));
    }

    @Override
    public boolean[] verifyThresholdShares(DkgTranscript transcript, byte[] message, List<ThresholdSignatureShare> shares) {
      boolean[] ok = new boolean[shares.size()];
      long key = keyOf(transcript);
      for (int k = 0; k < ok.length; k++) {
        int i = transcript.indexOf(shares.get(k).signer());
        ok[k] = i >= 0 && shares.get(k).signature().equals(tag(hash(T_SHARE ^ key ^ mix(i + 1), message)));
      }
      return ok;
    }

    @Override
    public Bytes combineThreshold(DkgTranscript transcript, byte[] message, List<ThresholdSignatureShare> verifiedShares) {
      if (verifiedShares.size() < transcript.threshold()) {
        throw new ConsensusException("need " + transcript.threshold() + " shares, got " + verifiedShares.size());
      }
      return tag(hash(T_SIG ^ keyOf(transcript), message));
    }

    @Override
    public boolean verifyThreshold(DkgTranscript transcript, byte[] message, Bytes signature) {
      return signature.equals(tag(hash(T_SIG ^ keyOf(transcript), message)));
    }

    @Override
    public boolean verifyBySubnetKey(byte[] message, Bytes signature) {
      return signature.equals(tag(hash(T_SIG ^ subnetKey, message)));
    }

    @Override
    public Bytes createDealing(DkgConfig config, Optional<DkgTranscript> reshared) {
      return dealing(config, reshared, self);
    }

    @Override
    public boolean verifyDealing(DkgConfig config, Optional<DkgTranscript> reshared, NodeId dealer, Bytes dealing) {
      return nodeKeys.containsKey(dealer) && dealing.equals(dealing(config, reshared, dealer));
    }

    @Override
    public DkgTranscript createTranscript(DkgConfig config, Optional<DkgTranscript> reshared, SortedMap<NodeId, Bytes> verifiedDealings) {
      int need = config.collectionThreshold(reshared.map(DkgTranscript::threshold).orElse(0));
      if (verifiedDealings.size() < need) {
        throw new ConsensusException("need " + need + " dealings, got " + verifiedDealings.size());
      }
      long key;
      if (reshared.isPresent()) {
        key = keyOf(reshared.get());
      } else {
        key = DEAL;
        int used = 0;
        for (Bytes d : verifiedDealings.values()) {
          if (used++ == need) {
            break;
          }
          key = mix(key ^ ByteBuffer.wrap(d.toByteArray()).getLong(8));
        }
      }
      return new DkgTranscript(config.dkgId(), config.threshold(), config.receivers(), tag(key));
    }
  }
}
