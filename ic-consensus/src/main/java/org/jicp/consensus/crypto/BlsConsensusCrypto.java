package org.jicp.consensus.crypto;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.ConsensusException;
import org.jicp.consensus.MalformedArtifactException;
import org.jicp.consensus.artifact.DkgConfig;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.SummaryPayload;
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
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.Epoch;
import org.jicp.crypto.nidkg.NiDkg;
import org.jicp.crypto.nidkg.NiDkgConfig;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.sig.Ed25519SigningKey;
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
 *       SameMessageBatch}), aggregates checked with FastAggregateVerify; each check split over a
 *       {@link Parallelism} (the common pool unless {@link #forNode(NodeKeys, SubnetPublicKeys,
 *       CatchUpPackage, RandomGenerator, Parallelism)} or {@link #setup(SubnetId, List, long,
 *       Parallelism)} is given another), with the same verdicts as on one thread;
 *   <li>threshold signatures (beacon, tape, catch-up packages, state certification): {@link
 *       BlsScheme#IC} shares of NI-DKG keys, combined by Lagrange interpolation ({@link
 *       ThresholdSignatures});
 *   <li>NI-DKG (Groth's {@code groth20_bls12_381}, {@link NiDkg}): fresh low-threshold keys each
 *       interval and resharings of the high-threshold key, with forward-secure encryption of the
 *       shares to the receivers' registered keys.
 * </ul>
 *
 * <p>A replica builds a node's instance with {@link #forNode}: from the node's own {@link
 * NodeKeys}, its subnet's {@link SubnetPublicKeys} (the registry) and the catch-up package it
 * starts from (the genesis one, whose transcripts {@link #genesisTranscripts} deals by NI-DKG to the
 * nodes' registered encryption keys, as {@code ic-prep} does). The node's threshold key shares are
 * decrypted from the transcripts with its own dealing encryption key when first needed. Randomness
 * (batch-verification randomizers, dealings) comes from the injected CSPRNG.
 *
 * <p>{@link #setup} is for simulations only: every key of a subnet drawn from one seeded ChaCha20
 * stream (reproducible runs), genesis threshold keys from a trusted dealer. Forward-secure key
 * updates (erasing old epochs) are not performed.
 */
public final class BlsConsensusCrypto implements ConsensusCrypto {

  /** A subnet's keys for a simulation: the registry and every node's secrets. */
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
   * The genesis threshold keys of a subnet.
   *
   * @param low the low-threshold (f+1) transcript: random beacon and tape
   * @param high the high-threshold (2f+1) transcript: catch-up packages and state certification;
   *     its group key is the subnet's public key
   */
  public record GenesisTranscripts(DkgTranscript low, DkgTranscript high) {
    /** Validates the components. */
    public GenesisTranscripts {
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
    }
  }

  /**
   * The genesis transcripts of {@code subnet} for the nodes of {@code keys}: for each of the low
   * (f+1 of n) and high (2f+1 of n) threshold, one NI-DKG dealing by a genesis dealer, encrypted to
   * every node's registered dealing encryption key at epoch 0, made into a transcript (as {@code
   * ic-prep} makes a subnet's initial transcripts). No secret leaves this method: each node
   * decrypts its own share. {@code rng} must be a CSPRNG.
   */
  public static GenesisTranscripts genesisTranscripts(SubnetId subnet, SubnetPublicKeys keys, RandomGenerator rng) {
    List<NodeId> nodes = keys.nodes();
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a subnet has at least one node");
    }
    List<EncryptionPublicKey> receivers = new ArrayList<>(nodes.size());
    for (NodeId n : nodes) {
      receivers.add(keys.get(n).orElseThrow().dealingEncryptionKey());
    }
    int f = ConsensusConfig.faultsTolerated(nodes.size());
    return new GenesisTranscripts(
        genesisTranscript(subnet, NiDkgTag.LOW_THRESHOLD, f + 1, nodes, receivers, rng),
        genesisTranscript(subnet, NiDkgTag.HIGH_THRESHOLD, 2 * f + 1, nodes, receivers, rng));
  }

  private static DkgTranscript genesisTranscript(
      SubnetId subnet, NiDkgTag tag, int threshold, List<NodeId> nodes, List<EncryptionPublicKey> receivers, RandomGenerator rng) {
    NiDkgConfig cfg = new NiDkgConfig(1, nodes.size(), threshold, Epoch.of(0), Optional.empty());
    Dealing d = NiDkg.createDealing(cfg, 0, receivers, rng);
    Transcript t = NiDkg.createTranscript(cfg, Map.of(0, d));
    return new DkgTranscript(NiDkgId.local(0, subnet.principal(), tag), threshold, nodes, NiDkgCodec.transcript(t));
  }

  /**
   * The group public key of a high-threshold transcript: the subnet's public key (96 bytes, the
   * compressed G2 point), which certifies its states and, DER-wrapped, names the subnet.
   *
   * @throws IllegalArgumentException if the transcript does not decode
   */
  public static Bytes subnetPublicKey(DkgTranscript high) {
    try {
      return Bytes.of(NiDkgCodec.decodeTranscript(high.data()).coefficients().groupPublicKey()
          .toBytes());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a transcript: " + e.getMessage(), e);
    }
  }

  /**
   * The consensus crypto of the node that holds {@code keys}, in the subnet whose registered keys
   * are {@code registry}, starting from {@code cup} (the genesis catch-up package, or a later one):
   * the subnet's public key is the group key of the package's current high-threshold transcript.
   * {@code csprng} draws batch-verification randomizers and dealing randomness: a {@link
   * java.security.SecureRandom} in a replica.
   *
   * @throws IllegalArgumentException if the registry holds other keys for this node, or none
   */
  public static ConsensusCrypto forNode(NodeKeys keys, SubnetPublicKeys registry, CatchUpPackage cup, RandomGenerator csprng) {
    return forNode(keys, registry, cup, csprng, Parallelism.commonPool());
  }

  /**
   * {@link #forNode(NodeKeys, SubnetPublicKeys, CatchUpPackage, RandomGenerator)} whose checks of
   * share batches, multi-signatures and subnet-key signatures are split over {@code parallelism}
   * (same verdicts as on one thread).
   */
  public static ConsensusCrypto forNode(NodeKeys keys, SubnetPublicKeys registry, CatchUpPackage cup, RandomGenerator csprng,
      Parallelism parallelism) {
    Objects.requireNonNull(parallelism, "parallelism");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(csprng, "csprng");
    NodePublicKeys registered =
        registry.get(keys.node()).orElseThrow(() -> new IllegalArgumentException(keys.node() + " is not in the subnet's registry"));
    if (!registered.equals(keys.publicKeys())) {
      throw new IllegalArgumentException("the registry holds other keys for " + keys.node() + " than the given ones");
    }
    if (!(cup.content().block().block().payload() instanceof SummaryPayload s)) {
      throw new IllegalArgumentException("a catch-up package's block is a summary block");
    }
    DkgTranscript high = s.summary().currentTranscript(NiDkgTag.HIGH_THRESHOLD);
    PublicKey subnetKey = NiDkgCodec.decodeTranscript(high.data()).coefficients().groupPublicKey().prepare();
    return new BlsConsensusCrypto(keys, registry, subnetKey, csprng, parallelism);
  }

  /**
   * {@link #forNode(NodeKeys, SubnetPublicKeys, CatchUpPackage, RandomGenerator)} for a node that
   * already holds its shares of the package's transcripts: a subnet whose genesis transcripts were
   * made outside consensus (the registry's initial NI-DKG records, encrypted at the registry
   * version's epoch, which the node decrypted itself). Each share is checked against its
   * transcript's public coefficients (the node's individual public key) before it is used.
   *
   * @throws IllegalArgumentException if a share is not of a transcript of the package, not of
   *     this node's index, or does not match the transcript
   */
  public static ConsensusCrypto forNode(NodeKeys keys, SubnetPublicKeys registry, CatchUpPackage cup, RandomGenerator csprng,
      Map<NiDkgId, SecretKeyShare> receivedShares) {
    return forNode(keys, registry, cup, csprng, receivedShares, VerificationMemo.none());
  }

  /**
   * {@link #forNode(NodeKeys, SubnetPublicKeys, CatchUpPackage, RandomGenerator, Map)} (an empty
   * map: the node decrypts its shares itself) whose successful signature checks go into {@code
   * memo}, shared with the other nodes of the subnet that run in this JVM: each share, aggregate
   * and threshold signature is then verified once per JVM instead of once per node, with the same
   * verdicts ({@link VerificationMemo}).
   */
  public static ConsensusCrypto forNode(NodeKeys keys, SubnetPublicKeys registry, CatchUpPackage cup, RandomGenerator csprng,
      Map<NiDkgId, SecretKeyShare> receivedShares, VerificationMemo memo) {
    Objects.requireNonNull(memo, "memo");
    BlsConsensusCrypto c = (BlsConsensusCrypto) forNode(keys, registry, cup, csprng, Parallelism.commonPool());
    c.memo = memo;
    SummaryPayload s = (SummaryPayload) cup.content().block().block().payload();
    for (Map.Entry<NiDkgId, SecretKeyShare> e : receivedShares.entrySet()) {
      DkgTranscript t = null;
      for (NiDkgTag tag : NiDkgTag.values()) {
        DkgTranscript x = s.summary().currentTranscript(tag);
        if (x != null && x.dkgId().equals(e.getKey())) {
          t = x;
        }
      }
      if (t == null) {
        throw new IllegalArgumentException("a share of " + e.getKey() + ", which is not a current transcript of the package");
      }
      int index = t.indexOf(keys.node());
      SecretKeyShare share = e.getValue();
      if (index < 0 || share.index() != index
          || !share.publicKey().equals(c.coefficients(t).individualPublicKey(index))) {
        throw new IllegalArgumentException("the share of " + e.getKey() + " given to " + keys.node() + " does not match the transcript");
      }
      c.shares.put(t.dkgId(), share);
    }
    return c;
  }

  /**
   * A transcript made outside consensus, as a catch-up package carries it: {@code transcript}
   * (an NI-DKG transcript, e.g. from the registry's initial record) of {@code committee} for the
   * key named {@code dkgId}.
   *
   * @throws IllegalArgumentException if the threshold and the committee do not fit the transcript
   */
  public static DkgTranscript transcript(NiDkgId dkgId, List<NodeId> committee, Transcript transcript) {
    return new DkgTranscript(dkgId, transcript.publicCoefficients().threshold(), committee, NiDkgCodec.transcript(transcript));
  }

  /**
   * For simulations only: keys for {@code nodes} of {@code subnet}, all drawn from {@code seed}
   * (Ed25519, multi-signature and NI-DKG encryption key pairs per node, proofs of possession
   * checked), and trusted-dealer genesis threshold keys (f+1 and 2f+1 of n) handed to the nodes.
   * Reproducible and insecure by design: anyone who knows the seed knows every secret.
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
    List<NodeKeys> keys = new ArrayList<>(sorted.size());
    for (NodeId n : sorted) {
      keys.add(NodeKeys.generate(n, rng));
    }
    SubnetPublicKeys reg;
    try {
      reg = SubnetPublicKeys.of(keys.stream().map(NodeKeys::publicKeys).toList());
    } catch (ConsensusException e) {
      throw new IllegalStateException("node key generation failed", e);
    }
    int n = sorted.size();
    KeyShares low = ThresholdSignatures.generate(ConsensusConfig.faultsTolerated(n) + 1, n, rng);
    KeyShares high = ThresholdSignatures.generate(2 * ConsensusConfig.faultsTolerated(n) + 1, n, rng);
    PublicKey subnetKey = high.publicCoefficients().groupPublicKey().prepare();
    DkgTranscript lowT =
        new DkgTranscript(NiDkgId.local(0, subnet.principal(), NiDkgTag.LOW_THRESHOLD), low.publicCoefficients().threshold(), sorted, NiDkgCodec.genesisTranscript(low.publicCoefficients()));
    DkgTranscript highT =
        new DkgTranscript(NiDkgId.local(0, subnet.principal(), NiDkgTag.HIGH_THRESHOLD), high.publicCoefficients().threshold(), sorted, NiDkgCodec.genesisTranscript(high.publicCoefficients()));
    Subnet s = new Subnet(lowT, highT);
    for (int i = 0; i < n; i++) {
      BlsConsensusCrypto c = new BlsConsensusCrypto(keys.get(i), reg, subnetKey, Csprng.fromChaChaSeed(seedBytes(seed, i + 1)), parallelism);
      c.shares.put(lowT.dkgId(), low.shares().get(i));
      c.shares.put(highT.dkgId(), high.shares().get(i));
      s.nodes.put(sorted.get(i), c);
    }
    return s;
  }

  private static Bytes seedBytes(long seed, long stream) {
    return Bytes.of(java.nio.ByteBuffer.allocate(32).putLong(seed).putLong(stream).putLong(0x6a69637063727970L).putLong(0x746f2d7265616c00L).array());
  }

  // ------------------------------------------------------------------------------------------

  private final NodeId self;
  private final SubnetPublicKeys registry;
  private final Map<NodeId, PublicKey> multiKeys = new HashMap<>();
  private final PublicKey subnetKey;
  private final Ed25519SigningKey basicSk;
  private final SecretKey multiSk;
  private final EncryptionSecretKey encryptionSk;
  private final RandomGenerator rng;
  private final Parallelism parallelism;
  /** Signature checks that passed, shared with the other nodes of this JVM, if any. */
  private VerificationMemo memo = VerificationMemo.none();
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

  private BlsConsensusCrypto(NodeKeys keys, SubnetPublicKeys registry, PublicKey subnetKey, RandomGenerator rng,
      Parallelism parallelism) {
    this.parallelism = parallelism;
    this.self = keys.node();
    this.registry = registry;
    this.subnetKey = subnetKey;
    this.basicSk = keys.signingKey();
    this.multiSk = keys.committeeKey();
    this.encryptionSk = keys.encryptionKey();
    this.rng = rng;
    for (NodeId n : registry.nodes()) {
      multiKeys.put(n, registry.get(n).orElseThrow().committeeSigningKey().prepare());
    }
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
    Optional<NodePublicKeys> pk = registry.get(signer);
    return pk.isPresent() && pk.get().nodeSigningKey().verify(message, signature.toByteArray());
  }

  /** The raw 32-byte Ed25519 public key of {@code node}. */
  public Bytes basicPublicKey(NodeId node) {
    return Bytes.of(registry.get(node).orElseThrow().nodeSigningKey().raw());
  }

  // Multi-signatures --------------------------------------------------------------------------

  @Override
  public Bytes signMulti(byte[] message) {
    return Bytes.of(BlsScheme.IC_MULTI.sign(multiSk, message).toBytes());
  }

  private Signature parse(BlsScheme scheme, Bytes b) {
    try {
      return memo.signature(scheme, b.toByteArray());
    } catch (CryptoException e) {
      return null;
    }
  }

  @Override
  public boolean[] verifyMultiShares(byte[] message, List<MultiSignatureShare> shares) {
    RandomGenerator batchRng = batchRandomness();
    boolean[] out = new boolean[shares.size()];
    List<Integer> pending = new ArrayList<>(shares.size());
    List<ByteBuffer> memoKeys = new ArrayList<>(shares.size());
    List<PublicKey> keys = new ArrayList<>(shares.size());
    List<Signature> sigs = new ArrayList<>(shares.size());
    for (int i = 0; i < shares.size(); i++) {
      MultiSignatureShare s = shares.get(i);
      PublicKey k = multiKeys.get(s.signer());
      ByteBuffer memoKey = k == null || !memo.enabled() ? null
          : VerificationMemo.key("multi-share", k.toBytes(), message, s.signature().toByteArray());
      if (memoKey != null && memo.passed(memoKey)) {
        out[i] = true;
        continue;
      }
      pending.add(i);
      memoKeys.add(memoKey);
      keys.add(k);
      sigs.add(k == null ? null : parse(BlsScheme.IC_MULTI, s.signature()));
    }
    if (!pending.isEmpty()) {
      boolean[] verdicts = SameMessageBatch.verify(BlsScheme.IC_MULTI, message, keys, sigs, batchRng, parallelism);
      settle(out, pending, memoKeys, verdicts);
    }
    return out;
  }

  /**
   * The randomizers' source of one batch check: a ChaCha20 stream seeded with 32 bytes of this
   * node's CSPRNG, drawn whether or not any check is left after the {@linkplain VerificationMemo
   * memo}, so the node's CSPRNG (which also deals) advances the same whatever the other nodes of
   * the JVM verified first: runs stay reproducible.
   */
  private RandomGenerator batchRandomness() {
    byte[] seed = new byte[32];
    rng.nextBytes(seed);
    return Csprng.fromChaChaSeed(Bytes.of(seed));
  }

  /** Copies the verdicts of the checks just made into {@code out} and remembers the successes. */
  private void settle(boolean[] out, List<Integer> pending, List<ByteBuffer> memoKeys, boolean[] verdicts) {
    for (int j = 0; j < pending.size(); j++) {
      out[pending.get(j)] = verdicts[j];
      if (verdicts[j] && memoKeys.get(j) != null) {
        memo.pass(memoKeys.get(j));
      }
    }
  }

  @Override
  public Bytes aggregateMulti(List<MultiSignatureShare> verifiedShares) {
    List<Signature> sigs = new ArrayList<>(verifiedShares.size());
    for (MultiSignatureShare s : verifiedShares) {
      sigs.add(memo.signature(BlsScheme.IC_MULTI, s.signature().toByteArray()));
    }
    return Bytes.of(BlsScheme.IC_MULTI.aggregate(sigs).toBytes());
  }

  @Override
  public boolean verifyMulti(byte[] message, MultiSignature signature) {
    List<PublicKey> keys = new ArrayList<>(signature.signers().size());
    List<byte[]> memoInputs = new ArrayList<>(signature.signers().size() + 2);
    for (NodeId n : signature.signers()) {
      PublicKey k = multiKeys.get(n);
      if (k == null) {
        return false;
      }
      keys.add(k);
      memoInputs.add(k.toBytes());
    }
    memoInputs.add(message);
    memoInputs.add(signature.signature().toByteArray());
    ByteBuffer memoKey = memo.enabled()
        ? VerificationMemo.key("multi", memoInputs.toArray(new byte[0][])) : null;
    if (memoKey != null && memo.passed(memoKey)) {
      return true;
    }
    Signature sig = parse(BlsScheme.IC_MULTI, signature.signature());
    if (sig == null) {
      return false;
    }
    boolean ok = BlsScheme.IC_MULTI.verify(BlsScheme.IC_MULTI.aggregatePublicKeys(keys), message, sig, parallelism);
    if (ok && memoKey != null) {
      memo.pass(memoKey);
    }
    return ok;
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
    RandomGenerator batchRng = batchRandomness();
    boolean[] out = new boolean[list.size()];
    List<Integer> pending = new ArrayList<>(list.size());
    List<ByteBuffer> memoKeys = new ArrayList<>(list.size());
    List<PublicKey> keys = new ArrayList<>(list.size());
    List<Signature> sigs = new ArrayList<>(list.size());
    for (int j = 0; j < list.size(); j++) {
      ThresholdSignatureShare s = list.get(j);
      int i = transcript.indexOf(s.signer());
      PublicKey k = i < 0 ? null : individualKey(transcript, i);
      ByteBuffer memoKey = k == null || !memo.enabled() ? null
          : VerificationMemo.key("threshold-share", k.toBytes(), message, s.signature().toByteArray());
      if (memoKey != null && memo.passed(memoKey)) {
        out[j] = true;
        continue;
      }
      pending.add(j);
      memoKeys.add(memoKey);
      keys.add(k);
      sigs.add(k == null ? null : parse(BlsScheme.IC, s.signature()));
    }
    if (!pending.isEmpty()) {
      boolean[] verdicts = SameMessageBatch.verify(BlsScheme.IC, message, keys, sigs, batchRng, parallelism);
      settle(out, pending, memoKeys, verdicts);
    }
    return out;
  }

  @Override
  public Bytes combineThreshold(DkgTranscript transcript, byte[] message, List<ThresholdSignatureShare> verifiedShares) {
    List<SignatureShare> ss = new ArrayList<>(verifiedShares.size());
    for (ThresholdSignatureShare s : verifiedShares) {
      ss.add(new SignatureShare(transcript.indexOf(s.signer()), memo.signature(BlsScheme.IC, s.signature().toByteArray())));
    }
    return Bytes.of(ThresholdSignatures.combine(transcript.threshold(), transcript.committee().size(), ss).toBytes());
  }

  @Override
  public boolean verifyThreshold(DkgTranscript transcript, byte[] message, Bytes signature) {
    PublicKey group = coefficients(transcript).groupPublicKey();
    ByteBuffer memoKey = memo.enabled()
        ? VerificationMemo.key("threshold", group.toBytes(), message, signature.toByteArray()) : null;
    if (memoKey != null && memo.passed(memoKey)) {
      return true;
    }
    Signature sig = parse(BlsScheme.IC, signature);
    boolean ok = sig != null && ThresholdSignatures.verify(group, message, sig);
    if (ok && memoKey != null) {
      memo.pass(memoKey);
    }
    return ok;
  }

  @Override
  public boolean verifyBySubnetKey(byte[] message, Bytes signature) {
    Signature sig = parse(BlsScheme.IC, signature);
    return sig != null && BlsScheme.IC.verify(subnetKey, message, sig, parallelism);
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
      keys.add(registry.get(n).orElseThrow(() -> new ConsensusException("no encryption key registered for " + n)).dealingEncryptionKey());
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
