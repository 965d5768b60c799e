package org.jicp.state.certification;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.StateException;
import org.jicp.state.certification.CertificateVerification.Failure;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.LookupResult;

/**
 * The IC's canister signature scheme (interface specification, "Canister signatures"): a canister
 * "signs" a message by putting {@code /sig/<sha256(seed)>/<sha256(message)>} (an empty leaf) in a
 * tree whose root it stores as its certified data.
 *
 * <p>The public key is DER {@code SEQUENCE{SEQUENCE{OID 1.3.6.1.4.1.56387.1.2}, BIT STRING(|id| ·
 * id · seed)}}; the signature is CBOR (self-describe tag) {@code {certificate, tree}}. It is valid
 * iff the certificate verifies for the signing canister, its {@code
 * /canister/<id>/certified_data} equals {@code reconstruct(tree)}, and {@code tree} reveals the
 * {@code /sig} leaf.
 */
public final class CanisterSignatures {
  private static final byte[] OID = Bytes.parseHex("060a2b0601040183b8430102");

  private CanisterSignatures() {}

  /**
   * A canister signature public key: the signing canister and its seed.
   *
   * @param canisterId the signing canister
   * @param seed the seed that distinguishes the canister's keys
   */
  public record PublicKey(CanisterId canisterId, Bytes seed) {
    /** Validates the components. */
    public PublicKey {
      Objects.requireNonNull(canisterId, "canisterId");
      Objects.requireNonNull(seed, "seed");
    }

    /** The DER form. */
    public Bytes toDer() {
      byte[] id = canisterId.toByteArray();
      byte[] payload = new byte[1 + id.length + seed.length()];
      payload[0] = (byte) id.length;
      System.arraycopy(id, 0, payload, 1, id.length);
      seed.copyTo(payload, 1 + id.length);
      byte[] bitString = der(0x03, concat(new byte[] {0}, payload));
      byte[] alg = der(0x30, OID);
      return Bytes.of(der(0x30, concat(alg, bitString)));
    }

    /**
     * Parses the DER form.
     *
     * @throws MalformedEncodingException if the structure or OID is not the canister signature
     *     one
     */
    public static PublicKey fromDer(byte[] der) {
      int[] pos = {0};
      byte[] outer = readTlv(der, pos, 0x30, "canister signature key");
      if (pos[0] != der.length) {
        throw new MalformedEncodingException("canister signature key: trailing bytes");
      }
      int[] p = {0};
      byte[] alg = readTlv(outer, p, 0x30, "canister signature key algorithm");
      if (!Arrays.equals(alg, OID)) {
        throw new MalformedEncodingException(
            "canister signature key: algorithm is not OID 1.3.6.1.4.1.56387.1.2");
      }
      byte[] bits = readTlv(outer, p, 0x03, "canister signature key BIT STRING");
      if (p[0] != outer.length || bits.length < 2 || bits[0] != 0) {
        throw new MalformedEncodingException("canister signature key: malformed BIT STRING");
      }
      int idLen = bits[1] & 0xff;
      if (2 + idLen > bits.length) {
        throw new MalformedEncodingException("canister signature key: canister id cut short");
      }
      try {
        return new PublicKey(
            CanisterId.fromBytes(Arrays.copyOfRange(bits, 2, 2 + idLen)),
            Bytes.of(bits, 2 + idLen, bits.length));
      } catch (RuntimeException e) {
        throw new MalformedEncodingException("canister signature key: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Verifies a canister signature of {@code message}. The certificate's freshness is judged by
   * {@code verifier}'s configuration.
   *
   * @throws MalformedEncodingException if the key or the signature does not decode
   */
  public static CertificateVerification verify(
      Bytes derPublicKey, Bytes message, Bytes signature, CertificateVerifier verifier) {
    PublicKey key = PublicKey.fromDer(derPublicKey.toByteArray());
    Map<String, CborValue> sig =
        Cbor.decode(signature.toByteArray(), "canister signature").asMap("canister signature");
    CborValue certBytes = sig.get("certificate");
    CborValue treeCbor = sig.get("tree");
    if (certBytes == null || treeCbor == null) {
      throw new MalformedEncodingException("canister signature: needs 'certificate' and 'tree'");
    }
    Certificate cert = Certificate.decode(certBytes.asBytes("canister signature.certificate"));
    HashTree tree = HashTree.fromCbor(treeCbor, "canister signature.tree");
    CertificateVerification cv = verifier.verify(cert, key.canisterId());
    if (!cv.isValid()) {
      return cv;
    }
    LookupResult certified =
        cert.lookup(
            List.of(
                HashTree.utf8("canister"),
                Bytes.of(key.canisterId().toByteArray()),
                HashTree.utf8("certified_data")));
    if (!certified.isFound() || !tree.digestEquals(certified.value())) {
      return CertificateVerification.invalid(
          Failure.BAD_SIGNATURE,
          "certified data of " + key.canisterId() + " is not the root of the signature tree ("
              + certified.status() + ")");
    }
    LookupResult leaf;
    try {
      leaf =
          tree.lookup(
              List.of(
                  HashTree.utf8("sig"),
                  Bytes.of(Sha256.hash(key.seed().toByteArray())),
                  Bytes.of(Sha256.hash(message.toByteArray()))));
    } catch (StateException e) {
      return CertificateVerification.invalid(Failure.BAD_SIGNATURE, e.getMessage());
    }
    if (!leaf.isFound() || !leaf.value().isEmpty()) {
      return CertificateVerification.invalid(
          Failure.BAD_SIGNATURE, "signature tree has no /sig/<h(seed)>/<h(message)> empty leaf ("
              + leaf.status() + ")");
    }
    return cv;
  }

  /** The {@code /sig/<h(seed)>/<h(message)>} path a canister certifies to sign {@code message}. */
  public static List<Bytes> signaturePath(Bytes seed, Bytes message) {
    return List.of(
        HashTree.utf8("sig"),
        Bytes.of(Sha256.hash(seed.toByteArray())),
        Bytes.of(Sha256.hash(message.toByteArray())));
  }

  /** The CBOR signature {@code {certificate, tree}} with the self-describe tag. */
  public static Bytes encodeSignature(Certificate certificate, HashTree tree) {
    Cbor.Writer w = new Cbor.Writer().tag(Cbor.SELF_DESCRIBE_TAG).startMap(2);
    w.key("certificate").bytes(certificate.encode()).key("tree");
    tree.writeCbor(w);
    return Bytes.of(w.endMap().toByteArray());
  }

  private static byte[] readTlv(byte[] in, int[] pos, int tag, String what) {
    int p = pos[0];
    if (p + 2 > in.length || (in[p] & 0xff) != tag) {
      throw new MalformedEncodingException(what + ": expected DER tag " + tag);
    }
    int len = in[p + 1] & 0xff;
    p += 2;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n == 0 || n > 2 || p + n > in.length) {
        throw new MalformedEncodingException(what + ": bad DER length");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (in[p++] & 0xff);
      }
      if (len < (n == 1 ? 0x80 : 0x100)) { // DER (X.690 10.1): the shortest length form only
        throw new MalformedEncodingException(what + ": non-minimal DER length");
      }
    }
    if (p + len > in.length) {
      throw new MalformedEncodingException(what + ": DER value cut short");
    }
    pos[0] = p + len;
    return Arrays.copyOfRange(in, p, p + len);
  }

  private static byte[] der(int tag, byte[] value) {
    byte[] len;
    if (value.length < 0x80) {
      len = new byte[] {(byte) value.length};
    } else if (value.length < 0x100) {
      len = new byte[] {(byte) 0x81, (byte) value.length};
    } else {
      len = new byte[] {(byte) 0x82, (byte) (value.length >> 8), (byte) value.length};
    }
    return concat(concat(new byte[] {(byte) tag}, len), value);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
