package org.jicp.consensus.crypto;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.jicp.consensus.artifact.DkgConfig;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * The cryptography consensus needs, from the point of view of one node ({@link #self()}), which
 * holds that node's secret keys: basic signatures (node signing key), multi-signatures (committee
 * signing key; notarization and finalization), threshold signatures by NI-DKG keys (random beacon
 * and tape with the low-threshold key, catch-up packages with the high-threshold key), and the
 * NI-DKG itself. Messages are the signed bytes of the artifacts, domain separators included.
 *
 * <p>Verification returns a verdict, never an exception: bytes that do not decode are an invalid
 * signature. Share verification takes every share of one message at once so that an
 * implementation can batch (the real one checks them with one randomized pairing equation and
 * bisects only on failure).
 *
 * <p>Two implementations: {@link BlsConsensusCrypto} (ic-crypto: Ed25519, BLS12-381 multi- and
 * threshold signatures, Groth's NI-DKG), built for a replica's node by {@link
 * BlsConsensusCrypto#forNode} from its own {@link NodeKeys}; and a fast, deterministic and
 * deliberately insecure stand-in for mass simulation only, not exported (the simulator's {@code
 * CryptoKind.FAST}).
 */
public interface ConsensusCrypto {
  /** The node whose secret keys this instance holds. */
  NodeId self();

  /** Signs with this node's signing key (block proposals, dealings). */
  Bytes signBasic(byte[] message);

  /** Whether {@code signature} is {@code signer}'s basic signature on {@code message}. */
  boolean verifyBasic(NodeId signer, byte[] message, Bytes signature);

  /** This node's multi-signature share on {@code message}. */
  Bytes signMulti(byte[] message);

  /** For each share of {@code message}, whether it verifies under its signer's committee key. */
  boolean[] verifyMultiShares(byte[] message, List<MultiSignatureShare> shares);

  /** The aggregate of verified shares (of one message, distinct signers). */
  Bytes aggregateMulti(List<MultiSignatureShare> verifiedShares);

  /** Whether {@code signature} is a valid aggregate of its signers on {@code message}. */
  boolean verifyMulti(byte[] message, MultiSignature signature);

  /**
   * This node's threshold signature share by the key of {@code transcript}; the node loads its key
   * share from the transcript on first use.
   *
   * @throws org.jicp.consensus.ConsensusException if this node holds no share of the transcript
   */
  Bytes signThreshold(DkgTranscript transcript, byte[] message);

  /** For each share, whether it verifies under its signer's individual key of {@code transcript}. */
  boolean[] verifyThresholdShares(DkgTranscript transcript, byte[] message, List<ThresholdSignatureShare> shares);

  /** The threshold signature on {@code message} from at least the threshold of its verified shares. */
  Bytes combineThreshold(DkgTranscript transcript, byte[] message, List<ThresholdSignatureShare> verifiedShares);

  /** Whether {@code signature} verifies under the group key of {@code transcript}. */
  boolean verifyThreshold(DkgTranscript transcript, byte[] message, Bytes signature);

  /**
   * Whether {@code signature} verifies under the subnet's public key (the group key of its
   * high-threshold transcripts, kept constant by resharing): how catch-up packages are checked by
   * nodes that lack the chain.
   */
  boolean verifyBySubnetKey(byte[] message, Bytes signature);

  /**
   * This node's dealing for {@code config}; {@code reshared} is the transcript whose key a
   * resharing config reshares.
   */
  Bytes createDealing(DkgConfig config, Optional<DkgTranscript> reshared);

  /** Whether {@code dealing} is a valid dealing of {@code dealer} for {@code config}. */
  boolean verifyDealing(DkgConfig config, Optional<DkgTranscript> reshared, NodeId dealer, Bytes dealing);

  /**
   * The transcript of {@code config} from verified dealings (dealer → dealing). Deterministic:
   * every node computes the same bytes from the same dealings.
   *
   * @throws org.jicp.consensus.ConsensusException if there are too few dealings
   */
  DkgTranscript createTranscript(DkgConfig config, Optional<DkgTranscript> reshared, SortedMap<NodeId, Bytes> verifiedDealings);
}
