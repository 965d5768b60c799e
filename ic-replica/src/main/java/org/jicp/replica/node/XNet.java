package org.jicp.replica.node;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.ports.StreamSlice;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.Stream;
import org.jicp.state.replicated.StreamEncoding;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.LookupResult;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;

/**
 * Certified stream slices between subnets (dfinity/ic {@code xnet_payload_builder}, {@code
 * certified_slice_pool}): the sending subnet cuts a slice of its stream to the receiver out of
 * its latest certified state — a witness of {@code /streams/<receiver>/header} and the slice's
 * {@code messages/<index>} leaves, with the state's certification — and the receiving subnet
 * verifies the witness against the certification, the certification against the sender's key
 * from the registry, and only then decodes the messages.
 *
 * <p>Encoding (jicp's own): {@code payload} = the slice's index range {@code [from, to)} as two
 * big-endian u64; {@code merkleProof} = the witness tree's CBOR.
 */
public final class XNet {
  /** The most messages a slice carries. */
  public static final int MAX_MESSAGES_PER_SLICE = 1_000;

  private XNet() {}

  /** Thrown for a slice that does not verify. */
  public static final class InvalidSliceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidSliceException(String message) {
      super(message);
    }
  }

  private static List<org.jicp.crypto.Bytes> path(Object... labels) {
    List<Bytes> out = new ArrayList<>();
    for (Object l : labels) {
      out.add(l instanceof Bytes b ? b : Bytes.of(((String) l).getBytes(
          java.nio.charset.StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static Bytes index(long i) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(i).array());
  }

  /**
   * The slice of the sender's stream to {@code receiver} from index {@code from} in the sender's
   * latest certified state, or empty if that state has no such stream.
   */
  public static Optional<CertifiedStreamSlice> slice(ReplicatedStateManager.Entry certified,
      SubnetId receiver, long from) {
    return slice(certified, receiver, from, MAX_MESSAGES_PER_SLICE);
  }

  /**
   * The slice of the sender's stream to {@code receiver} from index {@code from} with at most
   * {@code msgLimit} messages (capped at {@link #MAX_MESSAGES_PER_SLICE}; 0 gives the header
   * alone, which carries the signals) in the sender's latest certified state, or empty if that
   * state has no such stream.
   */
  public static Optional<CertifiedStreamSlice> slice(ReplicatedStateManager.Entry certified,
      SubnetId receiver, long from, int msgLimit) {
    Stream s = certified.state().metadata().streams().get(receiver);
    if (s == null) {
      return Optional.empty();
    }
    long lo = Math.max(from, s.begin());
    long hi = Math.min(s.end(), lo + Math.max(0, Math.min(msgLimit, MAX_MESSAGES_PER_SLICE)));
    Bytes dst = receiver.principal().bytes();
    List<List<Bytes>> paths = new ArrayList<>();
    paths.add(path("streams", dst, "header"));
    for (long i = lo; i < hi; i++) {
      paths.add(path("streams", dst, "messages", index(i)));
    }
    HashTree witness = certified.tree().tree().witness(paths);
    byte[] range = ByteBuffer.allocate(16).putLong(lo).putLong(Math.max(lo, hi)).array();
    return Optional.of(new CertifiedStreamSlice(Bytes.of(range),
        Bytes.of(witness.encodeCbor()), certified.certification().orElseThrow()));
  }

  /**
   * Verifies a slice from {@code sender} to {@code receiver} whose key is {@code senderKey}, and
   * decodes it.
   *
   * @throws InvalidSliceException if anything does not verify or decode
   */
  public static StreamSlice verify(CertifiedStreamSlice slice, SubnetId sender,
      SubnetId receiver, ThresholdPublicKey senderKey, CertificateSignatureVerifier bls) {
    Certification c = slice.certification();
    if (!c.signer().equals(sender)) {
      throw new InvalidSliceException("certified by " + c.signer() + ", not by " + sender);
    }
    if (!bls.verify(senderKey, Certificate.signedMessage(c.rootHash()), c.signature())) {
      throw new InvalidSliceException("the certification's signature does not verify under "
          + sender + "'s key");
    }
    HashTree tree;
    try {
      tree = HashTree.decodeCbor(slice.merkleProof().toByteArray());
    } catch (MalformedEncodingException e) {
      throw new InvalidSliceException("the witness does not decode: " + e.getMessage());
    }
    if (!tree.digestEquals(c.rootHash())) {
      throw new InvalidSliceException("the witness does not reconstruct the certified root");
    }
    if (slice.payload().length() != 16) {
      throw new InvalidSliceException("the payload is not an index range");
    }
    ByteBuffer b = ByteBuffer.wrap(slice.payload().toByteArray());
    long from = b.getLong();
    long to = b.getLong();
    if (from < 0 || to < from || to - from > MAX_MESSAGES_PER_SLICE) {
      throw new InvalidSliceException("bad index range [" + from + ", " + to + ")");
    }
    Bytes dst = receiver.principal().bytes();
    LookupResult h = tree.lookup(path("streams", dst, "header"));
    if (!h.isFound()) {
      throw new InvalidSliceException("the witness has no stream header for " + receiver);
    }
    StreamEncoding.Header header;
    try {
      header = StreamEncoding.decodeHeader(h.value().toByteArray());
    } catch (MalformedEncodingException e) {
      throw new InvalidSliceException("the stream header does not decode: " + e.getMessage());
    }
    if (from < header.begin() && to > from || to > header.end()) {
      throw new InvalidSliceException("range [" + from + ", " + to + ") outside the stream ["
          + header.begin() + ", " + header.end() + ")");
    }
    TreeMap<Long, CanisterMessage.StreamMessage> msgs = new TreeMap<>();
    for (long i = from; i < to; i++) {
      LookupResult m = tree.lookup(path("streams", dst, "messages", index(i)));
      if (!m.isFound()) {
        throw new InvalidSliceException("message " + i + " is not in the witness");
      }
      try {
        msgs.put(i, StreamEncoding.decodeMessage(m.value().toByteArray()));
      } catch (MalformedEncodingException e) {
        throw new InvalidSliceException("message " + i + " does not decode: " + e.getMessage());
      }
    }
    try {
      return new StreamSlice(header, msgs);
    } catch (IllegalArgumentException e) {
      throw new InvalidSliceException(e.getMessage());
    }
  }
}
