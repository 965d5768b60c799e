package org.jicp.consensus.crypto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.ConsensusException;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.artifact.DkgConfig;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.internal.NiDkgCodec;
import org.jicp.consensus.internal.SameMessageBatch;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.Parallelism;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.nidkg.Dealing;
import org.jicp.crypto.nidkg.EncryptionKeyPair;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.Epoch;
import org.jicp.crypto.nidkg.NiDkg;
import org.jicp.crypto.nidkg.NiDkgConfig;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * The real consensus crypto of one node, from ic-crypto and the JDK, as the IC uses it:
 *
 * <ul>
 *   <li>basic signatures (block proposals, dealings): Ed25519 (ic-crypto's {@code Ed25519SigningKey} / {@code UserPublicKey});
 *   <li>multi-signatures (notarization, finalization): {@link BlsScheme#IC_MULTI}, keys registered
 *       with their proofs of possession, shares of one message batch-verified ({@link
 *       SameMessageBatch}), aggregates checked with FastAggregateVerify; each batch split over a
 *       {@link Parallelism} (the common pool unless {@link #setup(SubnetId, List, long,
 *       Parallelism)} is given another), with the same verdicts as on one thread;
 *   <li>threshold signatures (beacon, tape, catch-up packages): {@link BlsScheme#IC} shares of
 *       NI-DKG keys, combined by Lagrange interpolation ({@link ThresholdSignatures});
 *   <li>NI-DKG (Groth's {@code groth20_bls12_381}, {@link NiDkg}): fresh low-threshold keys each
 *       interval and resharings of the high-threshold key, with forward-secure encryption of the
 *       shares to the receivers' registered keys.
 * </ul>
 *
 * <p>{@link #setup} creates a subnet from a seed: every key is drawn from a ChaCha20 stream, so a
 * simulation with real crypto is reproducible. The genesis threshold keys come from a trusted
 * dealer (the IC's genesis runs an NI-DKG in {@code ic-prep}); every later key comes from NI-DKG.
 * Forward-secure key updates (erasing old epochs) are not performed.
 */
public final class BlsConsensusCrypto implements ConsensusCrypto {

  /** The public keys a registry holds for a subnet (proofs of possession checked on entry). */
  private static final class Registry {
    final List<NodeId> nodes;
    final Map<NodeId, UserPublicKey> basic = new HashMap<>();
    final Map<NodeId, PublicKey> multi = new HashMap<>();
    final Map<NodeId, EncryptionPublicKey> encryption = new HashMap<>();
    PublicKey subnetKey;

    Registry(List<NodeId> nodes) {
      this.nodes = nodes;
    }
  }

  /** A subnet's keys: the registry and every node's secrets. */
  private static final class Subnet implements SubnetCrypto {
    final Map<NodeId, BlsConsensusCrypto> nodes = new HashMap<>();
    final DkgTranscript low;
    final DkgTranscript high;

    Subnet(DkgTranscript low, DkgTranscript high) {
      this.low = low;
      this.high = high;
    }

    @Override
    public ConsensusCrypto forNode(NodeId node) {
      BlsConsensusCrypto c = nodes.get(node);
      if (c == null) {
        throw new IllegalArgumentException(node + " is not in the subnet");
      }
      return c;
    }

    @Override
    public DkgTranscript genesisTranscript(NiDkgTag tag) {
      return tag == NiDkgTag.LOW_THRESHOLD ? low : high;
    }

    @Override
    public String name() {
      return "real";
    }
  }

  /**
   * Keys for {@code nodes} of {@code subnet} from {@code seed}: Ed25519, multi-signature (PoP
   * verified) and NI-DKG encryption key pairs (PoP verified) per node, and trusted-dealer genesis
   * threshold keys (f+1 and 2f+1 of n).
   */
  public static SubnetCrypto setup(SubnetId subnet, List<NodeId> nodes, long seed) {
    return setup(subnet, nodes, seed, Parallelism.commonPool());
  }

  /**
   * {@link #setup(SubnetId, List, long)} whose nodes split each batch of shares (and each check of
   * a multi-signature or of a subnet-key signature) over {@code parallelism}: the verdicts are the
   * same as on one thread ({@link Parallelism}).
   */
  public static SubnetCrypto setup(SubnetId subnet, List<NodeId> nodes, long seed, Parallelism parallelism) {
    Objects.requireNonNull(parallelism, "parallelism");
    List<NodeId> sorted = new ArrayList<>(nodes);
    sorted.sort(null);
    Csprng rng = Csprng.fromChaChaSeed(seedBytes(seed, 0));
    Registry reg = new Registry(List.copyOf(sorted));
    Map<NodeId, Object[]> secrets = new HashMap<>();
    try {
      for (NodeId n : sorted) {
        byte[] edSeed = new byte[32];
        rng.nextBytes(edSeed);
        Ed25519SigningKey basicSk = Ed25519SigningKey.fromSeed(edSeed);
        reg.basic.put(n, basicSk.publicKey());
        byte[] ikm = new byte[32];
        rng.nextBytes(ikm);
        SecretKey multiSk = SecretKey.keyGen(ikm, new byte[0]);
        PublicKey multiPk = BlsScheme.IC_MULTI.publicKey(multiSk).prepare();
        if (!BlsScheme.IC_MULTI.popVerify(multiPk, BlsScheme.IC_MULTI.popProve(multiSk))) {
          throw new ConsensusException("the proof of possession of " + n + "'s committee key does not verify");
        }
        reg.multi.put(n, multiPk);
        EncryptionKeyPair enc = EncryptionSecretKey.generate(n.principal().bytes(), rng);
        if (!enc.publicKey().verifyPop(n.principal().bytes())) {
          throw new ConsensusException("the proof of possession of " + n + "'s NI-DKG encryption key does not verify");
        }
        reg.encryption.put(n, enc.publicKey());
        secrets.put(n, new Object[] {basicSk, multiSk, enc.secretKey()});
      }
    } catch (CryptoException e) {
      throw new IllegalStateException("node key generation failed", e);
    }
    int n = sorted.size();
    KeyShares low = ThresholdSignatures.generate(ConsensusConfig.faultsTolerated(n) + 1, n, rng);
    KeyShares high = ThresholdSignatures.generate(2 * ConsensusConfig.faultsTolerated(n) + 1, n, rng);
    reg.subnetKey = high.publicCoefficients().groupPublicKey().prepare();
    DkgTranscript lowT =
        new DkgTranscript(NiDkgId.local(0, subnet.principal(), NiDkgTag.LOW_THRESHOLD), low.publicCoefficients().threshold(), sorted, NiDkgCodec.genesisTranscript(low.publicCoefficients()));
    DkgTranscript highT =
        new DkgTranscript(NiDkgId.local(0, subnet.principal(), NiDkgTag.HIGH_THRESHOLD), high.publicCoefficients().threshold(), sorted, NiDkgCodec.genesisTranscript(high.publicCoefficients()));
    Subnet s = new Subnet(lowT, highT);
    for (int i = 0; i < n; i++) {
      NodeId id = sorted.get(i);
      Object[] sec = secrets.get(id);
      BlsConsensusCrypto c =
          new BlsConsensusCrypto(
              id, reg, (Ed25519SigningKey) sec[0], (SecretKey) sec[1], (EncryptionSecretKey) sec[2], Csprng.fromChaChaSeed(seedBytes(seed, i + 1)), parallelism);
      c.shares.put(lowT.dkgId(), low.shares().get(i));
      c.shares.put(highT.dkgId(), high.shares().get(i));
      s.nodes.put(id, c);
    }
    return s;
  }

  private static Bytes seedBytes(long seed, long stream) {
    return Bytes.of(java.nio.ByteBuffer.allocate(32).putLong(seed).putLong(stream).putLong(0x6a69637063727970L).putLong(0x746f2d7265616c00L).array());
  }

  // ------------------------------------------------------------------------------------------

  private final NodeId self;
  private final Registry reg;
  private final Ed25519SigningKey basicSk;
  private final SecretKey multiSk;
  private final EncryptionSecretKey encryptionSk;
  private final Csprng rng;
  private final Parallelism parallelism;
  private final Map<NiDkgId, SecretKeyShare> shares = new HashMap<>();
  private final Map<DkgTranscript, PublicCoefficients> coefficients = new IdentityHashMap<>();
  private final Map<DkgTranscript, PublicKey[]> individualKeys = new IdentityHashMap<>();
  private final ByDkg<Map.Entry<NodeId, Bytes>, Boolean> dealingVerdicts = new ByDkg<>();
  private final ByDkg<Bytes, Dealing> decodedDealings = new ByDkg<>();
  private final ByDkg<Bytes, NiDkgCodec.DecodedTranscript> decodedTranscripts = new ByDkg<>();

  /**
   * A memo per DKG id with keys compared by identity first, then {@code equals}: dealings and
   * transcripts are large, and a hash map would hash all their bytes on every lookup.
   */
  private static final class ByDkg<K, V> {
    private final Map<NiDkgId, List<Map.Entry<K, V>>> byId = new HashMap<>();

    V get(NiDkgId id, K key, java.util.function.Supplier<V> compute) {
      List<Map.Entry<K, V>> known = byId.computeIfAbsent(id, k -> new ArrayList<>());
      for (Map.Entry<K, V> e : known) {
        if (e.getKey() == key || e.getKey().equals(key)) {
          return e.getValue();
        }
      }
      V v = compute.get();
      known.add(Map.entry(key, v));
      return v;
    }
  }

  private BlsConsensusCrypto(
      NodeId self, Registry reg, Ed25519SigningKey basicSk, SecretKey multiSk, EncryptionSecretKey encryptionSk, Csprng rng, Parallelism parallelism) {
    this.parallelism = parallelism;
    this.self = self;
    this.reg = reg;
    this.basicSk = basicSk;
    this.multiSk = multiSk;
    this.encryptionSk = encryptionSk;
    this.rng = rng;
  }

  @Override
  public NodeId self() {
    return self;
  }

  // Basic -------------------------------------------------------------------------------------

  @Override
  public Bytes signBasic(byte[] message) {
    return Bytes.of(basicSk.sign(message));
  }

  @Override
  public boolean verifyBasic(NodeId signer, byte[] message, Bytes signature) {
    UserPublicKey pk = reg.basic.get(signer);
    return pk != null && pk.verify(message, signature.toByteArray());
  }

  /** The raw 32-byte Ed25519 public key of {@code node}. */
  public Bytes basicPublicKey(NodeId node) {
    return Bytes.of(reg.basic.get(node).raw());
  }

  // Multi-signatures --------------------------------------------------------------------------

  @Override
  public Bytes signMulti(byte[] message) {
    return Bytes.of(BlsScheme.IC_MULTI.sign(multiSk, message).toBytes());
  }

  private static Signature parse(BlsScheme scheme, Bytes b) {
    try {
      return scheme.signatureFromBytes(b.toByteArray());
    } catch (CryptoException e) {
      return null;
    }
  }

  @Override
  public boolean[] verifyMultiShares(byte[] message, List<MultiSignatureShare> shares) {
    List<PublicKey> keys = new ArrayList<>(shares.size());
    List<Signature> sigs = new ArrayList<>(shares.size());
    for (MultiSignatureShare s : shares) {
      PublicKey k = reg.multi.get(s.signer());
      keys.add(k);
      sigs.add(k == null ? null : parse(BlsScheme.IC_MULTI, s.signature()));
    }
    return SameMessageBatch.verify(BlsScheme.IC_MULTI, message, keys, sigs, rng, parallelism);
  }

  @Override
  public Bytes aggregateMulti(List<MultiSignatureShare> verifiedShares) {
    List<Signature> sigs = new ArrayList<>(verifiedShares.size());
    for (MultiSignatureShare s : verifiedShares) {
      sigs.add(BlsScheme.IC_MULTI.signatureFromBytes(s.signature().toByteArray()));
    }
    return Bytes.of(BlsScheme.IC_MULTI.aggregate(sigs).toBytes());
  }

  @Override
  public boolean verifyMulti(byte[] message, MultiSignature signature) {
    Signature sig = parse(BlsScheme.IC_MULTI, signature.signature());
    if (sig == null) {
      return false;
    }
    List<PublicKey> keys = new ArrayList<>(signature.signers().size());
    for (NodeId n : signature.signers()) {
      PublicKey k = reg.multi.get(n);
      if (k == null) {
        return false;
      }
      keys.add(k);
    }
    return BlsScheme.IC_MULTI.verify(BlsScheme.IC_MULTI.aggregatePublicKeys(keys), message, sig, parallelism);
  }

  // Threshold signatures ----------------------------------------------------------------------

  private PublicCoefficients coefficients(DkgTranscript t) {
    PublicCoefficients c = coefficients.get(t);
    if (c == null) {
      c = decoded(t).coefficients();
      if (c.threshold() != t.threshold()) {
        throw new MalformedArtifactException("transcript " + t.dkgId() + " has " + c.threshold() + " coefficients for threshold " + t.threshold());
      }
      coefficients.put(t, c);
    }
    return c;
  }

  /** The decoded transcript (decoding checks every point, so it is done once per transcript). */
  private NiDkgCodec.DecodedTranscript decoded(DkgTranscript t) {
    return decodedTranscripts.get(t.dkgId(), t.data(), () -> NiDkgCodec.decodeTranscript(t.data()));
  }

  private PublicKey individualKey(DkgTranscript t, int index) {
    PublicKey[] keys = individualKeys.computeIfAbsent(t, x -> new PublicKey[t.committee().size()]);
    if (keys[index] == null) {
      keys[index] = coefficients(t).individualPublicKey(index).prepare();
    }
    return keys[index];
  }

  private SecretKeyShare share(DkgTranscript t) {
    SecretKeyShare s = shares.get(t.dkgId());
    if (s != null) {
      return s;
    }
    int index = t.indexOf(self);
    if (index < 0) {
      throw new ConsensusException(self + " holds no share of " + t.dkgId());
    }
    NiDkgCodec.DecodedTranscript d = decoded(t);
    if (d.transcript() == null) {
      throw new ConsensusException(self + " was not given its share of the genesis key " + t.dkgId());
    }
    s = NiDkg.computeThresholdKey(d.transcript(), index, encryptionSk, epoch(t.dkgId()));
    if (!s.publicKey().equals(d.coefficients().individualPublicKey(index))) {
      throw new ConsensusException("the decrypted share of " + t.dkgId() + " does not match the transcript");
    }
    shares.put(t.dkgId(), s);
    return s;
  }

  private static Epoch epoch(NiDkgId id) {
    return Epoch.of(id.startBlockHeight());
  }

  @Override
  public Bytes signThreshold(DkgTranscript transcript, byte[] message) {
    return Bytes.of(ThresholdSignatures.sign(share(transcript), message).signature().toBytes());
  }

  @Override
  public boolean[] verifyThresholdShares(DkgTranscript transcript, byte[] message, List<ThresholdSignatureShare> list) {
    List<PublicKey> keys = new ArrayList<>(list.size());
    List<Signature> sigs = new ArrayList<>(list.size());
    for (ThresholdSignatureShare s : list) {
      int i = transcript.indexOf(s.signer());
      keys.add(i < 0 ? null : individualKey(transcript, i));
      sigs.add(i < 0 ? null : parse(BlsScheme.IC, s.signature()));
    }
    return SameMessageBatch.verify(BlsScheme.IC, message, keys, sigs, rng, parallelism);
  }

  @Override
  public Bytes combineThreshold(DkgTranscript transcript, byte[] message, List<ThresholdSignatureShare> verifiedShares) {
    List<SignatureShare> ss = new ArrayList<>(verifiedShares.size());
    for (ThresholdSignatureShare s : verifiedShares) {
      ss.add(new SignatureShare(transcript.indexOf(s.signer()), BlsScheme.IC.signatureFromBytes(s.signature().toByteArray())));
    }
    return Bytes.of(ThresholdSignatures.combine(transcript.threshold(), transcript.committee().size(), ss).toBytes());
  }

  @Override
  public boolean verifyThreshold(DkgTranscript transcript, byte[] message, Bytes signature) {
    Signature sig = parse(BlsScheme.IC, signature);
    return sig != null && ThresholdSignatures.verify(coefficients(transcript).groupPublicKey(), message, sig);
  }

  @Override
  public boolean verifyBySubnetKey(byte[] message, Bytes signature) {
    Signature sig = parse(BlsScheme.IC, signature);
    return sig != null && BlsScheme.IC.verify(reg.subnetKey, message, sig, parallelism);
  }

  // NI-DKG ------------------------------------------------------------------------------------

  private NiDkgConfig niDkgConfig(DkgConfig c, Optional<DkgTranscript> reshared) {
    Epoch e = epoch(c.dkgId());
    if (c.resharing().isEmpty()) {
      return new NiDkgConfig(c.dealers().size(), c.receivers().size(), c.threshold(), e, Optional.empty());
    }
    DkgTranscript old = reshared.orElseThrow(() -> new ConsensusException("a resharing config needs the reshared transcript"));
    if (!old.committee().equals(c.dealers())) {
      throw new ConsensusException("the dealers of a resharing are the holders of the reshared key");
    }
    return NiDkgConfig.resharing(coefficients(old), c.dealers().size(), c.receivers().size(), c.threshold(), e);
  }

  private List<EncryptionPublicKey> receiverKeys(DkgConfig c) {
    List<EncryptionPublicKey> keys = new ArrayList<>(c.receivers().size());
    for (NodeId n : c.receivers()) {
      keys.add(Objects.requireNonNull(reg.encryption.get(n), "no encryption key registered for " + n));
    }
    return keys;
  }

  @Override
  public Bytes createDealing(DkgConfig config, Optional<DkgTranscript> reshared) {
    int dealer = java.util.Collections.binarySearch(config.dealers(), self);
    if (dealer < 0) {
      throw new ConsensusException(self + " is not a dealer of " + config.dkgId());
    }
    NiDkgConfig cfg = niDkgConfig(config, reshared);
    Dealing d = reshared.isPresent() && config.resharing().isPresent()
        ? NiDkg.createResharingDealing(cfg, share(reshared.get()), receiverKeys(config), rng)
        : NiDkg.createDealing(cfg, dealer, receiverKeys(config), rng);
    return NiDkgCodec.dealing(d);
  }

  private Dealing decodeDealing(NiDkgId id, Bytes bytes) {
    return decodedDealings.get(id, bytes, () -> NiDkgCodec.decodeDealing(bytes));
  }

  @Override
  public boolean verifyDealing(DkgConfig config, Optional<DkgTranscript> reshared, NodeId dealer, Bytes dealing) {
    return dealingVerdicts.get(config.dkgId(), Map.entry(dealer, dealing), () -> {
      int index = java.util.Collections.binarySearch(config.dealers(), dealer);
      try {
        return index >= 0
            && NiDkg.verifyDealing(niDkgConfig(config, reshared), index, receiverKeys(config), decodeDealing(config.dkgId(), dealing)).isValid();
      } catch (MalformedArtifactException | CryptoException e) {
        return false;
      }
    });
  }

  @Override
  public DkgTranscript createTranscript(DkgConfig config, Optional<DkgTranscript> reshared, SortedMap<NodeId, Bytes> verifiedDealings) {
    SortedMap<Integer, Dealing> byIndex = new TreeMap<>();
    for (Map.Entry<NodeId, Bytes> e : verifiedDealings.entrySet()) {
      int i = java.util.Collections.binarySearch(config.dealers(), e.getKey());
      if (i < 0) {
        throw new ConsensusException(e.getKey() + " is not a dealer of " + config.dkgId());
      }
      byIndex.put(i, decodeDealing(config.dkgId(), e.getValue()));
    }
    try {
      Transcript t = NiDkg.createTranscript(niDkgConfig(config, reshared), byIndex);
      return new DkgTranscript(config.dkgId(), config.threshold(), config.receivers(), NiDkgCodec.transcript(t));
    } catch (CryptoException e) {
      throw new ConsensusException("cannot make the transcript of " + config.dkgId() + ": " + e.getMessage(), e);
    }
  }
}
