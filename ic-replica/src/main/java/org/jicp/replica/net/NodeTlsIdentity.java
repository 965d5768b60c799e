package org.jicp.replica.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.types.NodeId;

/**
 * A node's TLS identity, as on the IC: an Ed25519 key pair and a self-signed X.509 v3 certificate
 * whose subject common name is the node id (principal text), valid from 2025 on without a
 * well-defined expiry ({@code 99991231235959Z}, RFC 5280 4.1.2.5). The registry publishes the
 * certificate; peers accept exactly the registered certificate bytes of their subnet's members.
 * The secret seed is never logged ({@link #toString} names the node only).
 */
public final class NodeTlsIdentity {
  private static final byte[] ED25519_OID = {0x06, 0x03, 0x2B, 0x65, 0x70};
  private static final byte[] CN_OID = {0x06, 0x03, 0x55, 0x04, 0x03};

  private final NodeId node;
  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final Bytes certificateDer;

  private NodeTlsIdentity(NodeId node, PrivateKey privateKey, byte[] certDer) {
    this.node = node;
    this.privateKey = privateKey;
    this.certificateDer = Bytes.of(certDer);
    this.certificate = parse(certDer);
  }

  /**
   * The identity of {@code node} from a 32-byte Ed25519 seed (RFC 8032 private key).
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public static NodeTlsIdentity fromSeed(NodeId node, byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
    }
    try {
      Ed25519SigningKey k = Ed25519SigningKey.fromSeed(seed);
      byte[] spki = k.publicKey().toDer();
      PrivateKey pk = KeyFactory.getInstance("Ed25519").generatePrivate(
          new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
      byte[] name = seq(set(seq(CN_OID, tlv(0x0C, node.toString().getBytes(
          StandardCharsets.UTF_8)))));
      byte[] serial = tlv(0x02, new BigInteger(1, sha(spki)).shiftRight(100).toByteArray());
      byte[] tbs = seq(
          tlv(0xA0, tlv(0x02, new byte[] {2})),
          serial,
          seq(ED25519_OID),
          name,
          seq(tlv(0x17, "250101000000Z".getBytes(StandardCharsets.US_ASCII)),
              tlv(0x18, "99991231235959Z".getBytes(StandardCharsets.US_ASCII))),
          name,
          spki);
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(pk);
      s.update(tbs);
      byte[] sig = s.sign();
      byte[] bits = new byte[sig.length + 1];
      System.arraycopy(sig, 0, bits, 1, sig.length);
      byte[] cert = seq(tbs, seq(ED25519_OID), tlv(0x03, bits));
      return new NodeTlsIdentity(node, pk, cert);
    } catch (GeneralSecurityException | InvalidEncodingException e) {
      throw new IllegalStateException("cannot make the TLS identity of " + node, e);
    }
  }

  /** The node. */
  public NodeId node() {
    return node;
  }

  /** The certificate, DER (what the registry holds). */
  public Bytes certificateDer() {
    return certificateDer;
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** A key manager presenting this identity (for a TLS server or client). */
  public KeyManagerFactory keyManagerFactory() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry("node", privateKey, pw, new X509Certificate[] {certificate});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return kmf;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot load the TLS key of " + node, e);
    }
  }

  /**
   * Parses a certificate (DER).
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "NodeTlsIdentity[" + node + "]";
  }

  private static byte[] sha(byte[] b) throws GeneralSecurityException {
    return java.security.MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static byte[] seq(byte[]... parts) {
    return tlv(0x30, cat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tlv(0x31, cat(parts));
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(tag);
    int n = value.length;
    if (n < 0x80) {
      o.write(n);
    } else if (n < 0x100) {
      o.write(0x81);
      o.write(n);
    } else {
      o.write(0x82);
      o.write(n >> 8);
      o.write(n & 0xFF);
    }
    o.writeBytes(value);
    return o.toByteArray();
  }
}
