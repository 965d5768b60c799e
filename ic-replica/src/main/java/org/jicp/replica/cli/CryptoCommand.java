package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.sig.EcdsaSigningKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.SigningKey;
import org.jicp.crypto.sig.UserPublicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jicp crypto …}: BLS keys, signatures and hashing to the curve from the command line, and
 * (pubkey, sign, verify) the IC's basic schemes Ed25519, ECDSA P-256 and secp256k1. Hex input may
 * carry a {@code 0x} prefix; hex output is lower case without it.
 */
@Command(
    name = "crypto",
    description = "BLS12-381 keys, signatures, aggregation and hash-to-curve; Ed25519 and ECDSA keys and signatures.",
    subcommands = {
      CryptoCommand.Pubkey.class,
      CryptoCommand.Sign.class,
      CryptoCommand.Verify.class,
      CryptoCommand.Aggregate.class,
      CryptoCommand.FastAggregateVerify.class,
      CryptoCommand.HashToCurveCmd.class
    })
final class CryptoCommand {
  private CryptoCommand() {}

  /**
   * The --scheme values: ic (IC min-sig, NUL) and eth (Ethereum min-pk, POP); for pubkey, sign and
   * verify also the basic schemes ed25519, p256 and secp256k1 (ECDSA with SHA-256, {@code r ‖ s}).
   */
  enum SchemeName {
    ic(BlsScheme.IC, null),
    eth(BlsScheme.ETH, null),
    ed25519(null, SignatureAlgorithm.ED25519),
    p256(null, SignatureAlgorithm.ECDSA_P256),
    secp256k1(null, SignatureAlgorithm.ECDSA_SECP256K1);

    private final BlsScheme scheme;
    final SignatureAlgorithm basic;

    SchemeName(BlsScheme scheme, SignatureAlgorithm basic) {
      this.scheme = scheme;
      this.basic = basic;
    }

    /** The BLS scheme; a basic scheme is rejected for the BLS-only commands. */
    BlsScheme bls(String command) {
      if (scheme == null) {
        throw new InvalidEncodingException("--scheme " + name() + " is not a BLS scheme; " + command + " needs --scheme ic or eth");
      }
      return scheme;
    }
  }

  /** A basic-scheme secret key: a 32-byte Ed25519 seed, or a 32-byte ECDSA scalar in [1, n − 1]. */
  static SigningKey basicSecretKey(SignatureAlgorithm a, String text) {
    byte[] b = hex("--sk", text);
    try {
      return a == SignatureAlgorithm.ED25519 ? Ed25519SigningKey.fromSeed(b) : EcdsaSigningKey.fromBytes(a, b);
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException("--sk: " + e.getMessage());
    }
  }

  /** A basic-scheme public key: raw (32-byte Ed25519, 33/65-byte SEC1) or DER as the IC sends it. */
  static UserPublicKey basicPublicKey(SignatureAlgorithm a, String text) {
    byte[] b = hex("--pk", text);
    try {
      UserPublicKey k;
      boolean ed = a == SignatureAlgorithm.ED25519;
      boolean raw = ed ? b.length == 32 : b.length == 33 || b.length == 65;
      if (raw) {
        k = ed ? UserPublicKey.ed25519(b) : UserPublicKey.ecdsa(a, b);
      } else {
        k = UserPublicKey.fromDer(b);
      }
      if (k.algorithm() != a) {
        throw new InvalidEncodingException("a " + k.algorithm() + " key, not " + a);
      }
      return k;
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException("--pk: " + e.getMessage());
    }
  }

  static byte[] hex(String what, String text) {
    try {
      return Bytes.parseHex(text);
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException(what + ": " + e.getMessage());
    }
  }

  static SecretKey secretKey(String text) {
    byte[] b = hex("--sk", text);
    try {
      return SecretKey.fromBytes(b);
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException("--sk: " + e.getMessage());
    }
  }

  static PublicKey publicKey(BlsScheme s, String text) {
    try {
      return s.publicKeyFromBytes(hex("--pk", text));
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException(e.getMessage().startsWith("--pk") ? e.getMessage() : "--pk: " + e.getMessage());
    }
  }

  static Signature signature(BlsScheme s, String text) {
    try {
      return s.signatureFromBytes(hex("--sig", text));
    } catch (InvalidEncodingException e) {
      throw new InvalidEncodingException(e.getMessage().startsWith("--sig") ? e.getMessage() : "--sig: " + e.getMessage());
    }
  }

  static int verdict(PrintWriter out, boolean ok) {
    out.println(ok ? "valid" : "invalid");
    out.flush();
    return ok ? 0 : CliErrors.INVALID;
  }

  @Command(name = "pubkey", description = "Print the public key of a secret key.")
  static final class Pubkey implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--scheme",
        required = true,
        description = "ic (96-byte G2 key), eth (48-byte G1 key), ed25519 (32 bytes), p256 or secp256k1 (65-byte SEC1)")
    SchemeName scheme;

    @Option(names = "--sk", required = true, description = "32-byte big-endian secret key (Ed25519: the seed), hex")
    String sk;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      byte[] pk =
          scheme.basic != null
              ? basicSecretKey(scheme.basic, sk).publicKey().raw()
              : scheme.bls("pubkey").publicKey(secretKey(sk)).toBytes();
      out.println(Bytes.hex(pk));
      out.flush();
      return 0;
    }
  }

  @Command(name = "sign", description = "Sign a message.")
  static final class Sign implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--scheme", required = true, description = "ic, eth, ed25519, p256 or secp256k1")
    SchemeName scheme;

    @Option(names = "--sk", required = true, description = "32-byte big-endian secret key (Ed25519: the seed), hex")
    String sk;

    @Option(names = "--msg", required = true, description = "message, hex")
    String msg;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      byte[] m = hex("--msg", msg);
      byte[] sig =
          scheme.basic != null
              ? basicSecretKey(scheme.basic, sk).sign(m)
              : scheme.bls("sign").sign(secretKey(sk), m).toBytes();
      out.println(Bytes.hex(sig));
      out.flush();
      return 0;
    }
  }

  @Command(name = "verify", description = "Verify a signature: prints valid (exit 0) or invalid (exit 1).")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--scheme", required = true, description = "ic, eth, ed25519, p256 or secp256k1")
    SchemeName scheme;

    @Option(names = "--pk", required = true, description = "public key, hex (basic schemes: raw or DER)")
    String pk;

    @Option(names = "--sig", required = true, description = "signature, hex")
    String sig;

    @Option(names = "--msg", required = true, description = "message, hex")
    String msg;

    @Override
    public Integer call() {
      if (scheme.basic != null) {
        UserPublicKey key = basicPublicKey(scheme.basic, pk);
        byte[] signature = hex("--sig", sig);
        if (signature.length != 64) {
          throw new InvalidEncodingException("--sig: expected 64 bytes, got " + signature.length);
        }
        return verdict(spec.commandLine().getOut(), key.verify(hex("--msg", msg), signature));
      }
      BlsScheme s = scheme.bls("verify");
      PublicKey key = publicKey(s, pk);
      Signature signature = signature(s, sig);
      byte[] m = hex("--msg", msg);
      return verdict(spec.commandLine().getOut(), s.verify(key, m, signature));
    }
  }

  @Command(name = "aggregate", description = "Aggregate signatures (their sum).")
  static final class Aggregate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--scheme", required = true, description = "eth (or ic)")
    SchemeName scheme;

    @Option(names = "--sig", required = true, description = "a signature, hex (repeat the option)")
    List<String> sigs;

    @Override
    public Integer call() {
      BlsScheme s = scheme.bls("aggregate");
      List<Signature> parsed = new ArrayList<>();
      for (String x : sigs) {
        parsed.add(signature(s, x));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(Bytes.hex(s.aggregate(parsed).toBytes()));
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "fast-aggregate-verify",
      description = "Verify an aggregate signature of one message under several keys (POP scheme).")
  static final class FastAggregateVerify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--scheme", required = true, description = "eth")
    SchemeName scheme;

    @Option(names = "--pk", required = true, description = "a public key, hex (repeat the option)")
    List<String> pks;

    @Option(names = "--sig", required = true, description = "aggregate signature, hex")
    String sig;

    @Option(names = "--msg", required = true, description = "message, hex")
    String msg;

    @Override
    public Integer call() {
      BlsScheme s = scheme.bls("fast-aggregate-verify");
      if (!s.hasProofOfPossession()) {
        throw new InvalidEncodingException(
            "--scheme " + scheme + " has no proof of possession; fast-aggregate-verify needs --scheme eth");
      }
      List<PublicKey> keys = new ArrayList<>();
      for (String x : pks) {
        keys.add(publicKey(s, x));
      }
      Signature signature = signature(s, sig);
      return verdict(spec.commandLine().getOut(), s.fastAggregateVerify(keys, hex("--msg", msg), signature));
    }
  }

  /** The --group values. */
  enum GroupName {
    G1,
    G2
  }

  @Command(name = "hash-to-curve", description = "RFC 9380 hash_to_curve (SSWU, random oracle) of a text message.")
  static final class HashToCurveCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--group", required = true, description = "G1 or G2")
    GroupName group;

    @Option(names = "--dst", required = true, description = "domain separation tag, text")
    String dst;

    @Option(names = "--msg", required = true, description = "message, text (UTF-8)")
    String msg;

    @Override
    public Integer call() {
      byte[] m = msg.getBytes(StandardCharsets.UTF_8);
      byte[] d = dst.getBytes(StandardCharsets.UTF_8);
      byte[] point =
          group == GroupName.G1 ? G1Point.hashToCurve(m, d).toBytes() : G2Point.hashToCurve(m, d).toBytes();
      PrintWriter out = spec.commandLine().getOut();
      out.println(Bytes.hex(point));
      out.flush();
      return 0;
    }
  }
}
