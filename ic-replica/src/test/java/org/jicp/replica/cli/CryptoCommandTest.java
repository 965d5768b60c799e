package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact {@code jicp crypto} commands that scripts outside the project call. */
class CryptoCommandTest {
  private static final String SK = "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3";

  private static String strip0x(String s) {
    return s.startsWith("0x") ? s.substring(2) : s;
  }

  @Test
  void ethVectors_signVerifyAndPubkey_matchThroughTheCli() {
    JsonNode sign = SharedVectors.json("eth-bls/sign.json");
    JsonNode verify = SharedVectors.json("eth-bls/verify.json");
    assertThat(sign.get("cases")).as("eth-bls sign cases").hasSize(4);
    assertThat(verify.get("cases")).as("eth-bls verify cases").hasSize(4);
    for (JsonNode c : sign.get("cases")) {
      JsonNode in = c.get("input");
      CliRun r = CliRun.of("crypto", "sign", "--scheme", "eth", "--sk", in.get("privkey").asText(), "--msg", in.get("message").asText());
      if (c.get("output").isNull()) {
        assertThat(r.exit()).as(c.get("name").asText()).isEqualTo(2);
        assertThat(r.err()).contains("secret key is zero");
      } else {
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(strip0x(c.get("output").asText()));
      }
    }
    for (JsonNode c : verify.get("cases")) {
      JsonNode in = c.get("input");
      CliRun r = CliRun.of("crypto", "verify", "--scheme", "eth", "--pk", in.get("pubkey").asText(),
          "--sig", in.get("signature").asText(), "--msg", in.get("message").asText());
      assertVerdict(r, c);
    }
  }

  /**
   * A "true" vector must print valid (exit 0); a "false" one prints invalid (exit 1), or — when
   * its bytes are not a point of the group at all — is rejected as malformed (exit 2).
   */
  private static void assertVerdict(CliRun r, JsonNode c) {
    String name = c.get("name").asText();
    if (c.get("output").asBoolean()) {
      assertThat(r).as(name).isEqualTo(new CliRun(0, "valid", ""));
    } else if (r.exit() == 2) {
      assertThat(r.out()).as(name).isEmpty();
      assertThat(r.err()).as(name).startsWith("error: ");
    } else {
      assertThat(r).as(name).isEqualTo(new CliRun(1, "invalid", ""));
    }
  }

  @Test
  void icSignVerify_roundTripAndTamperedMessage() {
    CliRun pk = CliRun.of("crypto", "pubkey", "--scheme", "ic", "--sk", SK);
    assertThat(pk.exit()).isZero();
    assertThat(pk.out()).hasSize(192).matches("[0-9a-f]+");
    CliRun sig = CliRun.of("crypto", "sign", "--scheme", "ic", "--sk", "0x" + SK.toUpperCase(), "--msg", "68656c6c6f");
    assertThat(sig.out()).hasSize(96);
    assertThat(CliRun.of("crypto", "verify", "--scheme", "ic", "--pk", pk.out(), "--sig", sig.out(), "--msg", "68656c6c6f"))
        .isEqualTo(new CliRun(0, "valid", ""));
    assertThat(CliRun.of("crypto", "verify", "--scheme", "ic", "--pk", pk.out(), "--sig", sig.out(), "--msg", "68616c6c6f"))
        .isEqualTo(new CliRun(1, "invalid", ""));
    // empty message
    CliRun empty = CliRun.of("crypto", "sign", "--scheme", "ic", "--sk", SK, "--msg", "");
    assertThat(CliRun.of("crypto", "verify", "--scheme", "ic", "--pk", pk.out(), "--sig", empty.out(), "--msg", "").exit()).isZero();
  }

  @Test
  void icAgentJsTriple_verifiesThroughTheCli() {
    JsonNode doc = SharedVectors.json("ic/ic-bls-g1sig-nul-agentjs.json");
    assertThat(doc.get("cases")).as("agent-js BLS cases").hasSize(2);
    for (JsonNode c : doc.get("cases")) {
      CliRun r = CliRun.of("crypto", "verify", "--scheme", "ic", "--pk", doc.get("public_key").asText(),
          "--sig", doc.get("signature").asText(), "--msg", c.get("message_hex").asText());
      assertThat(r.out()).isEqualTo(c.get("expected").asBoolean() ? "valid" : "invalid");
    }
  }

  @Test
  void aggregateAndFastAggregateVerify_matchEthVectors() {
    JsonNode aggregate = SharedVectors.json("eth-bls/aggregate.json").get("cases");
    JsonNode fast = SharedVectors.json("eth-bls/fast_aggregate_verify.json").get("cases");
    assertThat(aggregate).as("eth-bls aggregate cases").hasSize(2);
    assertThat(fast).as("eth-bls fast_aggregate_verify cases").hasSize(3);
    for (JsonNode c : aggregate) {
      List<String> args = new ArrayList<>(List.of("crypto", "aggregate", "--scheme", "eth"));
      for (JsonNode s : c.get("input")) {
        args.add("--sig");
        args.add(s.asText());
      }
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertThat(r.exit()).isZero();
      assertThat(r.out()).isEqualTo(strip0x(c.get("output").asText()));
    }
    for (JsonNode c : fast) {
      JsonNode in = c.get("input");
      List<String> args = new ArrayList<>(List.of("crypto", "fast-aggregate-verify", "--scheme", "eth"));
      for (JsonNode k : in.get("pubkeys")) {
        args.add("--pk");
        args.add(k.asText());
      }
      args.addAll(List.of("--sig", in.get("signature").asText(), "--msg", in.get("message").asText()));
      assertVerdict(CliRun.of(args.toArray(String[]::new)), c);
    }
  }

  @Test
  void hashToCurve_matchesRfc9380Vectors() {
    for (String g : new String[] {"G1", "G2"}) {
      JsonNode doc = SharedVectors.json("rfc9380/BLS12381" + g + "_XMD-SHA-256_SSWU_RO_.json");
      JsonNode v = doc.get("vectors").get(1);
      CliRun r = CliRun.of("crypto", "hash-to-curve", "--group", g, "--dst", doc.get("dst").asText(), "--msg", v.get("msg").asText());
      assertThat(r.exit()).isZero();
      // The compressed x coordinate: for G1 the 48-byte x with flag bits; compare x without flags.
      String x = v.get("P").get("x").asText();
      String expectedX = g.equals("G1") ? strip0x(x) : strip0x(x.split(",")[1]) + strip0x(x.split(",")[0]);
      String outNoFlags = Integer.toHexString(Integer.parseInt(r.out().substring(0, 2), 16) & 0x1f);
      outNoFlags = (outNoFlags.length() == 1 ? "0" : "") + outNoFlags + r.out().substring(2);
      assertThat(outNoFlags).isEqualTo(expectedX);
    }
  }

  @Test
  void malformedInput_exitsTwoWithOneLineNamingTheProblem() {
    String pk = CliRun.of("crypto", "pubkey", "--scheme", "ic", "--sk", SK).out();
    String sig = CliRun.of("crypto", "sign", "--scheme", "ic", "--sk", SK, "--msg", "00").out();
    String[][] cases = {
      {"--sk: hex text has a non-hex", "crypto", "pubkey", "--scheme", "ic", "--sk", "zz"},
      {"odd number of digits", "crypto", "pubkey", "--scheme", "ic", "--sk", "abc"},
      {"secret key is 32 bytes", "crypto", "pubkey", "--scheme", "ic", "--sk", "0102"},
      {"secret key is zero", "crypto", "pubkey", "--scheme", "eth", "--sk", "00".repeat(32)},
      {"not below the group order", "crypto", "pubkey", "--scheme", "eth", "--sk", "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"},
      {"not below the group order", "crypto", "pubkey", "--scheme", "eth", "--sk", "ff".repeat(32)},
      {"96 bytes (compressed)", "crypto", "verify", "--scheme", "ic", "--pk", pk.substring(2), "--sig", sig, "--msg", "00"},
      {"not on the curve", "crypto", "verify", "--scheme", "ic", "--pk", pk, "--sig", "80" + "00".repeat(46) + "02", "--msg", "00"},
      {"subgroup", "crypto", "verify", "--scheme", "ic", "--pk", pk, "--sig", "80" + "00".repeat(46) + "04", "--msg", "00"},
      {"not below the field modulus", "crypto", "verify", "--scheme", "ic", "--pk", pk, "--sig",
          "9a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", "--msg", "00"},
      {"compression flag", "crypto", "verify", "--scheme", "ic", "--pk", pk, "--sig", "00".repeat(48), "--msg", "00"},
      {"--msg", "crypto", "sign", "--scheme", "ic", "--sk", SK, "--msg", "xyz1"},
      {"no proof of possession", "crypto", "fast-aggregate-verify", "--scheme", "ic", "--pk", pk, "--sig", sig, "--msg", "00"},
      {"--scheme", "crypto", "sign", "--scheme", "btc", "--sk", SK, "--msg", "00"},
      {"Missing required option", "crypto", "sign", "--scheme", "ic", "--msg", "00"},
      {"--group", "crypto", "hash-to-curve", "--group", "G3", "--dst", "x", "--msg", "y"},
    };
    for (String[] c : cases) {
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      CliRun r = CliRun.of(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).as(String.join(" ", args)).contains(c[0]).doesNotContain("\n");
    }
  }

  /** The basic schemes on published vectors: RFC 8032 §7.1 TEST 2 and RFC 6979 A.2.5 (P-256, "sample"). */
  @Test
  void basicSchemes_publishedVectorsAndErrors() {
    String edSk = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    String edPk = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    String edSig = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
    assertThat(CliRun.of("crypto", "pubkey", "--scheme", "ed25519", "--sk", edSk).out().trim()).isEqualTo(edPk);
    assertThat(CliRun.of("crypto", "sign", "--scheme", "ed25519", "--sk", edSk, "--msg", "72").out().trim()).isEqualTo(edSig);
    assertThat(CliRun.of("crypto", "verify", "--scheme", "ed25519", "--pk", edPk, "--sig", edSig, "--msg", "72").exit()).isZero();
    assertThat(CliRun.of("crypto", "verify", "--scheme", "ed25519", "--pk", "302a300506032b6570032100" + edPk, "--sig", edSig, "--msg", "72").exit())
        .as("a DER key").isZero();
    CliRun bad = CliRun.of("crypto", "verify", "--scheme", "ed25519", "--pk", edPk, "--sig", edSig, "--msg", "73");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out().trim()).isEqualTo("invalid");

    String p256Sk = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    String p256Pk = CliRun.of("crypto", "pubkey", "--scheme", "p256", "--sk", p256Sk).out().trim();
    assertThat(p256Pk).isEqualTo("0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
        + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
    String sample = "73616d706c65";
    String p256Sig = CliRun.of("crypto", "sign", "--scheme", "p256", "--sk", p256Sk, "--msg", sample).out().trim();
    assertThat(p256Sig).isEqualTo("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
    assertThat(CliRun.of("crypto", "verify", "--scheme", "p256", "--pk", p256Pk, "--sig", p256Sig, "--msg", sample).exit()).isZero();

    String k1Pk = CliRun.of("crypto", "pubkey", "--scheme", "secp256k1", "--sk", "00".repeat(31) + "01").out().trim();
    assertThat(k1Pk).startsWith("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    String k1Sig = CliRun.of("crypto", "sign", "--scheme", "secp256k1", "--sk", "00".repeat(31) + "01", "--msg", "00").out().trim();
    assertThat(CliRun.of("crypto", "verify", "--scheme", "secp256k1", "--pk", k1Pk, "--sig", k1Sig, "--msg", "00").exit()).isZero();

    String[][] errors = {
      {"--sk: ECDSA_SECP256K1 secret key: the scalar must be in [1, n - 1]", "crypto", "pubkey", "--scheme", "secp256k1", "--sk", "00".repeat(32)},
      {"--sk: Ed25519 secret key: expected a 32-byte seed", "crypto", "sign", "--scheme", "ed25519", "--sk", "01", "--msg", "00"},
      {"--pk: a ED25519 key, not ECDSA_P256", "crypto", "verify", "--scheme", "p256", "--pk", "302a300506032b6570032100" + edPk, "--sig", edSig, "--msg", "00"},
      {"--pk: ECDSA_P256 public key: not a point", "crypto", "verify", "--scheme", "p256", "--pk", "04" + "00".repeat(64), "--sig", p256Sig, "--msg", "00"},
      {"--sig: expected 64 bytes", "crypto", "verify", "--scheme", "ed25519", "--pk", edPk, "--sig", "00", "--msg", "00"},
      {"not a BLS scheme; aggregate needs --scheme ic or eth", "crypto", "aggregate", "--scheme", "ed25519", "--sig", edSig},
    };
    for (String[] c : errors) {
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      CliRun r = CliRun.of(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args)).contains(c[0]);
    }
  }
}
