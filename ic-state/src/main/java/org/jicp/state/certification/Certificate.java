package org.jicp.state.certification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.types.SubnetId;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.Leb128;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.LookupResult;

/**
 * A certificate of the IC interface specification ("Certification"): a (pruned) state tree, the
 * subnet's BLS signature of its root, and an optional delegation. CBOR with the self-describe tag:
 * {@code {tree, signature, ? delegation: {subnet_id, certificate}}}.
 *
 * <p>Decoding only parses; {@link CertificateVerifier} decides whether to trust it.
 */
public final class Certificate {
  private static final byte[] DS_STATE_ROOT = Sha256.domainSeparator("ic-state-root");

  private final HashTree tree;
  private final Bytes signature;
  private final Optional<Delegation> delegation;

  /** A certificate of its three parts. */
  public Certificate(HashTree tree, Bytes signature, Optional<Delegation> delegation) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.signature = Objects.requireNonNull(signature, "signature");
    this.delegation = Objects.requireNonNull(delegation, "delegation");
  }

  /**
   * Decodes a certificate from CBOR (the self-describe tag is optional).
   *
   * @throws MalformedEncodingException if it is not CBOR, or lacks {@code tree} or {@code
   *     signature}, or a part has the wrong type; the message names the part
   */
  public static Certificate decode(byte[] cbor) {
    return fromCbor(Cbor.decode(cbor, "certificate"), "certificate");
  }

  private static Certificate fromCbor(CborValue v, String what) {
    Map<String, CborValue> m = v.asMap(what);
    CborValue t = m.get("tree");
    CborValue s = m.get("signature");
    if (t == null) {
      throw new MalformedEncodingException(what + ": no 'tree'");
    }
    if (s == null) {
      throw new MalformedEncodingException(what + ": no 'signature'");
    }
    HashTree tree = HashTree.fromCbor(t, what + ".tree");
    Bytes sig = Bytes.of(s.asBytes(what + ".signature"));
    Optional<Delegation> del = Optional.empty();
    CborValue d = m.get("delegation");
    if (d != null) {
      Map<String, CborValue> dm = d.asMap(what + ".delegation");
      CborValue sid = dm.get("subnet_id");
      CborValue cert = dm.get("certificate");
      if (sid == null || cert == null) {
        throw new MalformedEncodingException(
            what + ".delegation: needs 'subnet_id' and 'certificate'");
      }
      SubnetId subnet;
      try {
        subnet = SubnetId.fromBytes(sid.asBytes(what + ".delegation.subnet_id"));
      } catch (RuntimeException e) {
        if (e instanceof MalformedEncodingException me) {
          throw me;
        }
        throw new MalformedEncodingException(what + ".delegation.subnet_id: " + e.getMessage(), e);
      }
      del = Optional.of(
          new Delegation(subnet, Bytes.of(cert.asBytes(what + ".delegation.certificate"))));
    }
    return new Certificate(tree, sig, del);
  }

  /** The CBOR encoding with the self-describe tag, fields in the order tree, signature, delegation. */
  public byte[] encode() {
    Cbor.Writer w = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG);
    w.startMap(delegation.isPresent() ? 3 : 2).key("tree");
    tree.writeCbor(w);
    w.key("signature").bytes(signature.toByteArray());
    delegation.ifPresent(
        d ->
            w.key("delegation")
                .startMap(2)
                .key("subnet_id")
                .bytes(d.subnetId().toByteArray())
                .key("certificate")
                .bytes(d.certificate().toByteArray())
                .endMap());
    return w.endMap().toByteArray();
  }

  /** The (pruned) state tree. */
  public HashTree tree() {
    return tree;
  }

  /** The 48-byte BLS signature of {@link #signedMessage()}. */
  public Bytes signature() {
    return signature;
  }

  /** The delegation, if the signing subnet is not the root subnet. */
  public Optional<Delegation> delegation() {
    return delegation;
  }

  /** The message the signature covers: {@code ds("ic-state-root") · root hash} (46 bytes). */
  public Bytes signedMessage() {
    return signedMessage(tree.digest());
  }

  /** {@code ds("ic-state-root") · rootHash}. */
  public static Bytes signedMessage(Bytes rootHash) {
    return Bytes.of(DS_STATE_ROOT).concat(rootHash);
  }

  /** Looks up {@code path} in the tree ({@link HashTree#lookup(List)}). */
  public LookupResult lookup(List<Bytes> path) {
    return tree.lookup(path);
  }

  /** Looks up a path of UTF-8 labels in the tree. */
  public LookupResult lookup(String... path) {
    return tree.lookup(path);
  }

  /**
   * The certified time, {@code /time} (LEB128 nanoseconds since the Unix epoch), if the tree
   * reveals it.
   *
   * @throws MalformedEncodingException if {@code /time} is there but not a LEB128 number
   */
  public Optional<Instant> time() {
    LookupResult r = tree.lookup("time");
    if (!r.isFound()) {
      return Optional.empty();
    }
    long nanos = Leb128.decodeUnsigned(r.value().toByteArray(), "/time");
    return Optional.of(Instant.ofEpochSecond(Long.divideUnsigned(nanos, 1_000_000_000L),
        Long.remainderUnsigned(nanos, 1_000_000_000L)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Certificate c
        && c.tree.equals(tree)
        && c.signature.equals(signature)
        && c.delegation.equals(delegation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tree, signature, delegation);
  }

  @Override
  public String toString() {
    return "Certificate(root=" + tree.digest() + ", delegation="
        + delegation.map(d -> d.subnetId().toString()).orElse("none") + ")";
  }
}
