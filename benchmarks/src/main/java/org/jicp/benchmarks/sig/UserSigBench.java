package org.jicp.benchmarks.sig;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.sig.EcdsaSigningKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.UserPublicKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The IC's basic signature schemes: jicp ({@code org.jicp.crypto.sig}, on BouncyCastle's
 * lightweight API) beside the JDK's own SunEC provider (what a Java user has without any
 * library), on the same keys and messages. Verification includes parsing the DER public key, as
 * a replica does for each ingress message's {@code sender_pubkey}. secp256k1 has no JDK peer (SunEC
 * dropped it in JDK 16).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UserSigBench {
  private final byte[] msg = "\nic-request 0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private Ed25519SigningKey ed;
  private EcdsaSigningKey p256;
  private EcdsaSigningKey k256;
  private byte[] edDer;
  private byte[] p256Der;
  private byte[] k256Der;
  private byte[] edSig;
  private byte[] p256Sig;
  private byte[] k256Sig;
  private PrivateKey jdkEdPriv;
  private PrivateKey jdkP256Priv;

  @Setup
  public void setup() throws Exception {
    byte[] seed = Bytes.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    ed = Ed25519SigningKey.fromSeed(seed);
    p256 = EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_P256, seed);
    k256 = EcdsaSigningKey.fromBytes(SignatureAlgorithm.ECDSA_SECP256K1, seed);
    edDer = ed.publicKey().toDer();
    p256Der = p256.publicKey().toDer();
    k256Der = k256.publicKey().toDer();
    edSig = ed.sign(msg);
    p256Sig = p256.sign(msg);
    k256Sig = k256.sign(msg);
    // The same secret keys in the JDK (PKCS#8: version 0, algorithm, the key).
    jdkEdPriv =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new PKCS8EncodedKeySpec(Bytes.parseHex("302e020100300506032b657004220420" + Bytes.hex(seed))));
    jdkP256Priv =
        KeyFactory.getInstance("EC")
            .generatePrivate(
                new PKCS8EncodedKeySpec(
                    Bytes.parseHex(
                        "3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420" + Bytes.hex(seed))));
    if (!jdkEd25519Verify() || !jdkP256Verify() || !ed25519Verify() || !p256Verify() || !secp256k1Verify()) {
      throw new IllegalStateException("a setup signature does not verify");
    }
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(jdkEdPriv);
    s.update(msg);
    if (!java.util.Arrays.equals(s.sign(), edSig)) {
      throw new IllegalStateException("the JDK and jicp keys differ");
    }
  }

  @Benchmark
  public byte[] ed25519Sign() {
    return ed.sign(msg);
  }

  /** ZIP 215 (the IC's rule; jicp's own point arithmetic on BouncyCastle's field). */
  @Benchmark
  public boolean ed25519Verify() throws Exception {
    return UserPublicKey.fromDer(edDer).verify(msg, edSig);
  }

  /** RFC 8032 strict, BouncyCastle's verifier: what {@code verify} used before ZIP 215. */
  @Benchmark
  public boolean ed25519VerifyRfc8032Strict() throws Exception {
    return UserPublicKey.fromDer(edDer).verifyRfc8032Strict(msg, edSig);
  }

  @Benchmark
  public byte[] p256Sign() {
    return p256.sign(msg);
  }

  @Benchmark
  public boolean p256Verify() throws Exception {
    return UserPublicKey.fromDer(p256Der).verify(msg, p256Sig);
  }

  @Benchmark
  public byte[] secp256k1Sign() {
    return k256.sign(msg);
  }

  @Benchmark
  public boolean secp256k1Verify() throws Exception {
    return UserPublicKey.fromDer(k256Der).verify(msg, k256Sig);
  }

  @Benchmark
  public byte[] jdkEd25519Sign() throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(jdkEdPriv);
    s.update(msg);
    return s.sign();
  }

  @Benchmark
  public boolean jdkEd25519Verify() throws Exception {
    PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(edDer));
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(pk);
    s.update(msg);
    return s.verify(edSig);
  }

  @Benchmark
  public byte[] jdkP256Sign() throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(jdkP256Priv);
    s.update(msg);
    return s.sign();
  }

  @Benchmark
  public boolean jdkP256Verify() throws Exception {
    PublicKey pk = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(p256Der));
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initVerify(pk);
    s.update(msg);
    return s.verify(p256Sig);
  }
}
