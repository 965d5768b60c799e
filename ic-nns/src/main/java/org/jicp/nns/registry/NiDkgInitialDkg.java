package org.jicp.nns.registry;

import org.jicp.types.RegistryVersion;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.crypto.nidkg.Dealing;
import org.jicp.crypto.nidkg.DealingVerification;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.Epoch;
import org.jicp.crypto.nidkg.NiDkg;
import org.jicp.crypto.nidkg.NiDkgConfig;
import org.jicp.crypto.nidkg.NiDkgProtobuf;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.Lagrange;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.crypto.threshold.Thresholds;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord;
import org.jicp.nns.registry.pb.NiDkgId;
import org.jicp.nns.registry.pb.NiDkgTag;
import org.jicp.nns.registry.pb.PublicKey;
import org.jicp.nns.registry.pb.SubnetRecord;

/**
 * {@code setup_initial_dkg} with {@code ic-crypto}'s NI-DKG (Groth 2021, the IC's {@code
 * groth20_bls12_381}): two fresh DKGs, one per tag, whose receivers are the new subnet's nodes
 * and whose dealers are the NNS subnet's nodes, as on the IC (where the NNS subnet's consensus
 * collects the dealings in its blocks and the transcripts reach the registry through the
 * management canister's reply).
 *
 * <p>In jicp the dealers are simulated in process by the host that runs this object: dealer i draws
 * its randomness from a ChaCha20 stream seeded with SHA-256 of this object's seed, the registry
 * version, the tag, i and the receivers (so a run is reproducible; on the IC each dealer uses its
 * own secret randomness). For each tag:
 *
 * <ol>
 *   <li>the receivers are the nodes in {@link NodeId} order (the IC's {@code NiDkgReceivers} is an
 *       ordered set; receiver index = position), their dealing encryption keys are read from the
 *       registry at {@code registryVersion} ({@code crypto_record_<node>_ni_dkg_dealing_encryption},
 *       whose proofs of possession {@code add_node} and the invariants verified), and the
 *       encryption epoch is the registry version, as on the IC;
 *   <li>the threshold is {@link Thresholds#low} = f + 1 for {@code NI_DKG_TAG_LOW_THRESHOLD}, {@link
 *       Thresholds#high} = 2f + 1 for {@code NI_DKG_TAG_HIGH_THRESHOLD}, f = ⌊(n − 1)/3⌋;
 *   <li>the first {@linkplain NiDkgConfig#collectionThreshold() collection threshold} dealers (f(d)
 *       + 1 of d dealers) each create a dealing, every dealing is publicly verified, and the
 *       transcript combines them;
 *   <li>the record's {@code internal_csp_transcript} is the transcript in {@link NiDkgProtobuf}'s
 *       encoding, its {@code committee} the receivers in index order, its {@code threshold} and
 *       {@code registry_version} those of the run, its id's {@code dealer_subnet} the NNS subnet.
 * </ol>
 *
 * The subnet's threshold signing public key is the high-threshold transcript's group key (the key
 * that certifies the subnet's state and catch-up packages), and the fresh subnet id is derived from
 * it ({@link InitialDkgResult#subnetIdOf}).
 *
 * <p>The dealers are the NNS subnet's members at {@code registryVersion} ({@code nns_subnet_id});
 * before the NNS subnet exists (the genesis of the NNS subnet itself) the receivers deal for
 * themselves. Dealings of different dealers, and the two tags' runs, are created in parallel on the
 * common fork-join pool: they are independent, so the result does not depend on scheduling.
 *
 * <p>Cost (measured on the 2-vCPU build machine, see the module README): a few hundred milliseconds
 * for 4 receivers, seconds for 34; receivers later decrypt their shares with {@link #keyShare}.
 */
public final class NiDkgInitialDkg implements InitialDkg {
  private final org.jicp.types.ports.RegistryClient registry;
  private final byte[] seed;
  private final boolean verifyDealings;
  /** The transcripts this object made, by their encoding (the last {@value #MADE_KEPT}). */
  private final Map<ByteString, Transcript> made = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteString, Transcript> eldest) {
      return size() > MADE_KEPT;
    }
  };
  private static final int MADE_KEPT = 16;

  /**
   * An initial DKG reading keys and the NNS subnet from {@code registry}, its simulated dealers'
   * randomness derived from {@code seed}.
   */
  public NiDkgInitialDkg(Registry registry, Bytes seed) {
    this(RegistryCanisterClient.of(Objects.requireNonNull(registry, "registry")), seed, true);
  }

  /**
   * As {@link #NiDkgInitialDkg(Registry, Bytes)}; {@code verifyDealings} false skips the public
   * verification of the dealings this run just created (about a third of a run's cost), for a
   * caller that plays every dealer itself and wants a fast start-up (a replica creating its own
   * genesis registry). The transcripts are the same either way; the registry canister's {@code
   * setup_initial_dkg} keeps verifying.
   */
  public NiDkgInitialDkg(Registry registry, Bytes seed, boolean verifyDealings) {
    this(RegistryCanisterClient.of(Objects.requireNonNull(registry, "registry")), seed,
        verifyDealings);
  }

  /**
   * An initial DKG reading keys and the NNS subnet through a registry client (the NNS subnet's
   * {@code setup_initial_dkg}: the registry canister's state), its simulated dealers' randomness
   * derived from {@code seed}. Reads happen at the requested registry version only, so any client
   * whose latest version is at least that one gives the same result.
   */
  public NiDkgInitialDkg(org.jicp.types.ports.RegistryClient registry, Bytes seed) {
    this(registry, seed, true);
  }

  private NiDkgInitialDkg(org.jicp.types.ports.RegistryClient registry, Bytes seed,
      boolean verifyDealings) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.seed = Objects.requireNonNull(seed, "seed").toByteArray();
    this.verifyDealings = verifyDealings;
  }

  @Override
  public InitialDkgResult setupInitialDkg(List<NodeId> nodes, RegistryVersion registryVersion) {
    Objects.requireNonNull(registryVersion, "registryVersion");
    if (nodes.isEmpty()) {
      throw new InvariantViolationException("dkg-receivers", "an initial DKG needs at least one node");
    }
    List<NodeId> receivers = nodes.stream().sorted().distinct().toList();
    if (receivers.size() != nodes.size()) {
      throw new InvariantViolationException("dkg-receivers", "the receivers of an initial DKG must be distinct");
    }
    if (registryVersion.value() > Epoch.MAX.value()) {
      throw new IllegalArgumentException("registry version " + registryVersion.value() + " is beyond the last epoch");
    }
    List<EncryptionPublicKey> keys = new ArrayList<>(receivers.size());
    for (NodeId n : receivers) {
      keys.add(receiverKey(n, registryVersion));
    }
    Optional<SubnetId> nns = nnsSubnet(registryVersion);
    int dealers = nns.map(s -> dealerCount(s, registryVersion)).orElse(receivers.size());
    // The two runs are independent (each dealer's randomness derives from its tag), so the low
    // one runs on the common pool while this thread runs the high one: the result is the same.
    CompletableFuture<Transcript> lowRun = CompletableFuture.supplyAsync(() ->
        run(NiDkgTag.NI_DKG_TAG_LOW_THRESHOLD, receivers, keys, dealers, registryVersion));
    Transcript high = run(NiDkgTag.NI_DKG_TAG_HIGH_THRESHOLD, receivers, keys, dealers, registryVersion);
    Transcript low;
    try {
      low = lowRun.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
    Bytes groupKey = Bytes.of(high.publicCoefficients().groupPublicKey().toBytes());
    return new InitialDkgResult(
        remember(record(NiDkgTag.NI_DKG_TAG_LOW_THRESHOLD, low, receivers, registryVersion, nns), low),
        remember(record(NiDkgTag.NI_DKG_TAG_HIGH_THRESHOLD, high, receivers, registryVersion, nns), high),
        groupKey,
        InitialDkgResult.subnetIdOf(groupKey));
  }

  /** Keeps {@code t}, which this object made, to answer {@link #transcriptOf} for its record. */
  private InitialNiDkgTranscriptRecord remember(InitialNiDkgTranscriptRecord record, Transcript t) {
    synchronized (made) {
      made.put(record.getInternalCspTranscript(), t);
    }
    return record;
  }

  /**
   * The NI-DKG transcript inside {@code record}: the transcript this object made, when it made the
   * record (the same bytes, so no decoding: a transcript's decoding checks every ciphertext point,
   * about a fifth of a replica's genesis), otherwise {@link #transcript decoded}.
   *
   * @throws org.jicp.crypto.InvalidEncodingException if it is not a transcript in {@link
   *     NiDkgProtobuf}'s encoding
   */
  public Transcript transcriptOf(InitialNiDkgTranscriptRecord record) {
    ByteString bytes = record.getInternalCspTranscript();
    synchronized (made) {
      Transcript t = made.get(bytes);
      if (t != null) {
        return t;
      }
    }
    return transcript(record);
  }

  private Transcript run(
      NiDkgTag tag, List<NodeId> receivers, List<EncryptionPublicKey> keys, int dealers, RegistryVersion version) {
    int n = receivers.size();
    int threshold = tag == NiDkgTag.NI_DKG_TAG_HIGH_THRESHOLD ? Thresholds.high(n) : Thresholds.low(n);
    NiDkgConfig config = new NiDkgConfig(dealers, n, threshold, Epoch.of(version.value()), Optional.empty());
    List<Dealing> dealings =
        IntStream.range(0, config.collectionThreshold())
            .parallel()
            .mapToObj(i -> deal(config, i, tag, receivers, keys, version))
            .toList();
    Map<Integer, Dealing> verified = new TreeMap<>();
    for (int i = 0; i < dealings.size(); i++) {
      verified.put(i, dealings.get(i));
    }
    return NiDkg.createTranscript(config, verified);
  }

  private Dealing deal(
      NiDkgConfig config, int dealer, NiDkgTag tag, List<NodeId> receivers, List<EncryptionPublicKey> keys, RegistryVersion version) {
    Dealing dealing = NiDkg.createDealing(config, dealer, keys, dealerRng(tag, dealer, receivers, version));
    if (!verifyDealings) {
      return dealing;
    }
    DealingVerification v = NiDkg.verifyDealing(config, dealer, keys, dealing);
    if (!v.isValid()) {
      throw new IllegalStateException("a simulated dealer's dealing does not verify: " + v);
    }
    return dealing;
  }

  /** The randomness of simulated dealer {@code dealer} for one run: derived from the seed. */
  private Csprng dealerRng(NiDkgTag tag, int dealer, List<NodeId> receivers, RegistryVersion version) {
    MessageDigest d = Hashing.sha256();
    d.update(seed);
    d.update("jicp-initial-dkg-dealer".getBytes(StandardCharsets.US_ASCII));
    d.update(Hashing.u64be(version.value()));
    d.update((byte) tag.getNumber());
    d.update(Hashing.u64be(dealer));
    for (NodeId r : receivers) {
      byte[] raw = r.toByteArray();
      d.update((byte) raw.length);
      d.update(raw);
    }
    return Csprng.fromChaChaSeed(Bytes.of(d.digest()));
  }

  /**
   * The threshold key share that {@code node} would decrypt from {@code record} with {@link
   * #keyShare}, recomputed instead from this run's simulated dealers, whose randomness derives from
   * the seed: for a caller that plays both the dealers and the receivers (a replica creating its
   * own genesis registry), it avoids decryption and the 2^16-entry discrete-logarithm table that
   * decryption builds on first use (seconds on a cold JVM). Each dealer's sharing is regenerated
   * as {@link NiDkg#createDealing} generated it from that randomness, the shares are interpolated
   * over the transcript's dealers as {@link NiDkg#computeThresholdKey} does, and the result is
   * checked against the transcript's public coefficients (the node's individual public key).
   *
   * @return the share, or empty when {@code record} was not made by a run with this seed (another
   *     seed, other dealers), or {@code node} is not in its committee
   * @throws org.jicp.crypto.InvalidEncodingException if the record's transcript is malformed
   */
  public Optional<SecretKeyShare> dealtShare(InitialNiDkgTranscriptRecord record, NodeId node) {
    Optional<Integer> index = receiverIndex(record, node);
    if (index.isEmpty()) {
      return Optional.empty();
    }
    Transcript transcript = transcriptOf(record);
    List<NodeId> receivers = new ArrayList<>(record.getCommitteeCount());
    for (ByteString raw : record.getCommitteeList()) {
      receivers.add(new NodeId(Principal.fromBytes(raw.toByteArray())));
    }
    RegistryVersion version = RegistryVersion.of(record.getRegistryVersion());
    NiDkgTag tag = record.getId().getDkgTag();
    int threshold = transcript.publicCoefficients().threshold();
    List<Integer> dealers = new ArrayList<>(transcript.receiverData().keySet());
    List<Scalar> lambda = Lagrange.coefficientsAtZero(dealers);
    Scalar share = Scalar.ZERO;
    for (int k = 0; k < dealers.size(); k++) {
      KeyShares sharing = ThresholdSignatures.generate(
          threshold, receivers.size(), dealerRng(tag, dealers.get(k), receivers, version));
      share = share.add(lambda.get(k).multiply(sharing.shares().get(index.get()).value()));
      for (SecretKeyShare s : sharing.shares()) {
        s.destroy();
      }
    }
    SecretKeyShare result = new SecretKeyShare(index.get(), share);
    if (!result.publicKey().equals(transcript.publicCoefficients().individualPublicKey(index.get()))) {
      result.destroy();
      return Optional.empty();
    }
    return Optional.of(result);
  }

  private EncryptionPublicKey receiverKey(NodeId node, RegistryVersion version) {
    String key = RegistryKeys.cryptoRecord(node, KeyPurpose.DKG_DEALING_ENCRYPTION);
    Bytes v = registry.versionedValue(key, version).orElseThrow(() ->
        new InvariantViolationException("dkg-receivers",
            "node " + node + " has no dealing encryption key at registry version " + version.value()));
    return DealingEncryptionKeys.fromRecord(RegistryInvariants.decode(PublicKey.parser(), v, key));
  }

  private Optional<SubnetId> nnsSubnet(RegistryVersion version) {
    return registry.versionedValue(RegistryKeys.NNS_SUBNET_ID, version).map(v -> {
      org.jicp.nns.registry.pb.SubnetId s =
          RegistryInvariants.decode(org.jicp.nns.registry.pb.SubnetId.parser(), v, RegistryKeys.NNS_SUBNET_ID);
      return new SubnetId(Principal.fromBytes(s.getPrincipalId().getRaw().toByteArray()));
    });
  }

  private int dealerCount(SubnetId nns, RegistryVersion version) {
    String key = RegistryKeys.subnetRecord(nns);
    return registry.versionedValue(key, version)
        .map(v -> RegistryInvariants.decode(SubnetRecord.parser(), v, key).getMembershipCount())
        .filter(c -> c > 0)
        .orElseThrow(() -> new InvariantViolationException("dkg-dealers", "the NNS subnet " + nns + " has no members"));
  }

  private static InitialNiDkgTranscriptRecord record(
      NiDkgTag tag, Transcript t, List<NodeId> receivers, RegistryVersion version, Optional<SubnetId> dealerSubnet) {
    NiDkgId.Builder id = NiDkgId.newBuilder().setStartBlockHeight(0).setDkgTag(tag);
    dealerSubnet.ifPresent(s -> id.setDealerSubnet(ByteString.copyFrom(s.principal().toByteArray())));
    InitialNiDkgTranscriptRecord.Builder b =
        InitialNiDkgTranscriptRecord.newBuilder()
            .setId(id)
            .setThreshold(t.threshold())
            .setRegistryVersion(version.value())
            .setInternalCspTranscript(ByteString.copyFrom(NiDkgProtobuf.encode(t)));
    for (NodeId node : receivers) {
      b.addCommittee(ByteString.copyFrom(node.toByteArray()));
    }
    return b.build();
  }

  // ------------------------------------------------------------------ the receivers' side

  /**
   * The NI-DKG transcript inside a record ({@code internal_csp_transcript}).
   *
   * @throws org.jicp.crypto.InvalidEncodingException if it is not a transcript in {@link
   *     NiDkgProtobuf}'s encoding
   */
  public static Transcript transcript(InitialNiDkgTranscriptRecord record) {
    return NiDkgProtobuf.decodeTranscript(record.getInternalCspTranscript().toByteArray());
  }

  /** {@code node}'s receiver index in a record's committee, if it is a member. */
  public static Optional<Integer> receiverIndex(InitialNiDkgTranscriptRecord record, NodeId node) {
    ByteString raw = ByteString.copyFrom(node.toByteArray());
    int i = record.getCommitteeList().indexOf(raw);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }

  /**
   * What a member node computes from a record with its dealing decryption key: its threshold key
   * share (index = its committee position), decrypted at the record's epoch (its registry version).
   *
   * @throws IllegalArgumentException if {@code node} is not in the committee
   * @throws org.jicp.crypto.nidkg.DecryptionException if the key cannot decrypt (not the node's key,
   *     or updated past the epoch)
   */
  public static SecretKeyShare keyShare(InitialNiDkgTranscriptRecord record, NodeId node, EncryptionSecretKey key) {
    int index = receiverIndex(record, node).orElseThrow(() ->
        new IllegalArgumentException("node " + node + " is not in the transcript's committee"));
    return NiDkg.computeThresholdKey(transcript(record), index, key, Epoch.of(record.getRegistryVersion()));
  }
}
