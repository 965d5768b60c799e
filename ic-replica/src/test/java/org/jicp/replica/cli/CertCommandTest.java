package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on a real mainnet certificate, with the real IC BLS verification. */
class CertCommandTest {
  /** IC mainnet root key (DER), from the interface specification. */
  static final String ROOT_KEY_DER =
      "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100814c0e6ec71fab"
          + "583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0cd546d9685f913a0c0b2cc534"
          + "1583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d14505ffd7484b01291091c5f87b9888346"
          + "3f98091a0baaae";

  /**
   * A mainnet read_state certificate with a delegation (the SAMPLE_CERT of dfinity/agent-js
   * packages/agent/src/certificate.test.ts, recorded from mainnet by agent-rs's tests).
   */
  static final String SAMPLE_CERT =
      "d9d9f7a364747265658301830182045820250f5e26868d9c1ea7ab29cbe9c15bf1c47c0d7605e803e39e375a7fe09c6ebb830183024e726571756573745f7374617475738301820458204b268227774ec77ff2b37ecb12157329d54cf376694bdd59ded7803efd82386f83025820edad510eaaa08ed2acd4781324e6446269da6753ec17760f206bbe81c465ff528301830183024b72656a6563745f636f64658203410383024e72656a6563745f6d6573736167658203584443616e69737465722069766733372d71696161612d61616161622d61616167612d63616920686173206e6f20757064617465206d6574686f64202772656769737465722783024673746174757382034872656a65637465648204582097232f31f6ab7ca4fe53eb6568fc3e02bc22fe94ab31d010e5fb3c642301f1608301820458203a48d1fc213d49307103104f7d72c2b5930edba8787b90631f343b3aa68a5f0a83024474696d65820349e2dc939091c696eb16697369676e6174757265583089a2be21b5fa8ac9fab1527e041327ce899d7da971436a1f2165393947b4d942365bfe5488710e61a619ba48388a21b16a64656c65676174696f6ea2697375626e65745f6964581dd77b2a2f7199b9a8aec93fe6fb588661358cf12223e9a3af7b4ebac4026b6365727469666963617465590231d9d9f7a26474726565830182045820ae023f28c3b9d966c8fb09f9ed755c828aadb5152e00aaf700b18c9c067294b483018302467375626e6574830182045820e83bb025f6574c8f31233dc0fe289ff546dfa1e49bd6116dd6e8896d90a4946e830182045820e782619092d69d5bebf0924138bd4116b0156b5a95e25c358ea8cf7e7161a661830183018204582062513fa926c9a9ef803ac284d620f303189588e1d3904349ab63b6470856fc4883018204582060e9a344ced2c9c4a96a0197fd585f2d259dbd193e4eada56239cac26087f9c58302581dd77b2a2f7199b9a8aec93fe6fb588661358cf12223e9a3af7b4ebac402830183024f63616e69737465725f72616e6765738203581bd9d9f781824a000000000020000001014a00000000002fffff010183024a7075626c69635f6b657982035885308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c050302010361009933e1f89e8a3c4d7fdcccdbd518089e2bd4d8180a261f18d9c247a52768ebce98dc7328a39814a8f911086a1dd50cbe015e2a53b7bf78b55288893daa15c346640e8831d72a12bdedd979d28470c34823b8d1c3f4795d9c3984a247132e94fe82045820996f17bb926be3315745dea7282005a793b58e76afeb5d43d1a28ce29d2d158583024474696d6582034995b8aac0e4eda2ea16697369676e61747572655830ace9fcdd9bc977e05d6328f889dc4e7c99114c737a494653cb27a1f55c06f4555e0f160980af5ead098acc195010b2f7";

  /** Shortly after the sample certificate's /time (2022-02-23T07:38:00.652705378Z). */
  static final String SAMPLE_TIME = "2022-02-23T07:38:00Z";

  @TempDir Path dir;

  private Path certFile(boolean hex) throws Exception {
    Path f = dir.resolve(hex ? "cert.hex" : "cert.cbor");
    if (hex) {
      Files.writeString(f, SAMPLE_CERT + "\n");
    } else {
      Files.write(f, org.jicp.crypto.Bytes.parseHex(SAMPLE_CERT));
    }
    return f;
  }

  @Test
  void verify_rawAndHexFiles_printValidTimeAndLookups() throws Exception {
    for (boolean hex : new boolean[] {false, true}) {
      CliTestSupport.Run r = CliTestSupport.run("cert", "verify", "--root-key", ROOT_KEY_DER,
          "--cert", certFile(hex).toString(), "--canister-id", "ivg37-qiaaa-aaaab-aaaga-cai",
          "--now", SAMPLE_TIME, "--lookup", "time", "--lookup", "zzz",
          "--lookup", "request_status/0xedad510eaaa08ed2acd4781324e6446269da6753ec17760f206bbe81c465ff52/status",
          "--lookup", "request_status/0x00");
      assertThat(r.code()).as(r.err()).isZero();
      String[] lines = r.out().split("\n");
      assertThat(lines[0]).isEqualTo("valid");
      assertThat(lines[1]).startsWith("time 2022-02-23T07:3");
      assertThat(lines[2]).isEqualTo("time found e2dc939091c696eb16");
      assertThat(lines[3]).isEqualTo("zzz absent");
      assertThat(lines[4]).endsWith("/status found 72656a6563746564");
      assertThat(lines[5]).isEqualTo("request_status/0x00 unknown");
    }
  }

  @Test
  void verify_canisterOutsideDelegationRanges_printsInvalidExit1() throws Exception {
    CliTestSupport.Run r = CliTestSupport.run("cert", "verify", "--root-key", ROOT_KEY_DER,
        "--cert", certFile(false).toString(), "--canister-id", "rwlgt-iiaaa-aaaaa-aaaaa-cai");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("invalid: ").contains("canister ranges");
  }

  @Test
  void verify_staleWithNow_printsInvalidExit1() throws Exception {
    CliTestSupport.Run r = CliTestSupport.run("cert", "verify", "--root-key", ROOT_KEY_DER,
        "--cert", certFile(false).toString(), "--now", "2023-01-01T00:00:00Z",
        "--max-age-seconds", "60");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("invalid: ");
    CliTestSupport.Run fresh = CliTestSupport.run("cert", "verify", "--root-key", ROOT_KEY_DER,
        "--cert", certFile(false).toString(), "--now", "2022-02-23T07:38:00Z");
    assertThat(fresh.code()).isZero();
  }

  @Test
  void verify_flippedSignatureBit_printsInvalidExit1() throws Exception {
    // The top-level signature is the last 48 bytes of the sample.
    byte[] b = org.jicp.crypto.Bytes.parseHex(SAMPLE_CERT);
    b[b.length - 1] ^= 1;
    Path f = dir.resolve("forged.cbor");
    Files.write(f, b);
    CliTestSupport.Run r = CliTestSupport.run("cert", "verify", "--root-key", ROOT_KEY_DER,
        "--cert", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().strip()).startsWith("invalid: ").contains("signature");
  }

  @Test
  void verify_otherRootKey_printsInvalidBrokenDelegationExit1() throws Exception {
    String otherKey = ROOT_KEY_DER.substring(0, 74)
        + "a7623a93cdb56c4d23d99c14216afaab3dfd6d4f9eb3db23d038280b6d5cb2caaee2a19dd92c9df7001dede23bf036bc0f33982dfb41e8fa9b8e96b5dc3e83d55ca4dd146c7eb2e8b6859cb5a5db815db86810b8d12cee1588b5dbf34a4dc9a5";
    CliTestSupport.Run r = CliTestSupport.run("cert", "verify", "--root-key", otherKey,
        "--cert", certFile(false).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().strip()).startsWith("invalid: delegation");
  }

  @Test
  void verify_malformedInputs_exit2WithOneStderrLine() throws Exception {
    Path garbage = dir.resolve("garbage");
    Files.write(garbage, new byte[] {(byte) 0xa1, 0x01});
    String[][] cases = {
      {"cert", "verify", "--root-key", "abcd", "--cert", certFile(false).toString()},
      {"cert", "verify", "--root-key", ROOT_KEY_DER, "--cert", garbage.toString()},
      {"cert", "verify", "--root-key", ROOT_KEY_DER, "--cert", dir.resolve("none").toString()},
      {"cert", "verify", "--root-key", ROOT_KEY_DER, "--cert", certFile(false).toString(),
          "--canister-id", "not-a-principal"},
      {"cert", "verify", "--root-key", ROOT_KEY_DER, "--cert", certFile(false).toString(),
          "--now", "yesterday"},
      {"cert", "verify", "--cert", certFile(false).toString()},
      {"cert", "verify", "--root-key", ROOT_KEY_DER, "--cert", certFile(false).toString(),
          "--max-age-seconds", "-1"},
    };
    for (String[] c : cases) {
      CliTestSupport.Run r = CliTestSupport.run(c);
      assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
      assertThat(r.err().strip()).as(String.join(" ", c)).isNotEmpty().doesNotContain("\n");
    }
  }

  @Test
  void verify_rawRootKeyAccepted() throws Exception {
    CliTestSupport.Run r = CliTestSupport.run("cert", "verify", "--root-key",
        ROOT_KEY_DER.substring(74), "--cert", certFile(false).toString(), "--now", SAMPLE_TIME);
    assertThat(r.code()).isZero();
  }

  /** Without --now the system clock is now: a 2022 certificate is stale. */
  @Test
  void verify_defaultClock_oldCertificateInvalidExit1() throws Exception {
    CliTestSupport.Run r = CliTestSupport.run("cert", "verify", "--root-key", ROOT_KEY_DER,
        "--cert", certFile(false).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().strip())
        .startsWith("invalid: certificate time 2022-02-23T07:38:00.652705378Z is behind now")
        .endsWith("by more than 300 s");
    // a window wide enough to reach back to 2022 accepts it
    CliTestSupport.Run wide = CliTestSupport.run("cert", "verify", "--root-key", ROOT_KEY_DER,
        "--cert", certFile(false).toString(), "--max-age-seconds", "100000000000");
    assertThat(wide.code()).as(wide.out()).isZero();
  }

  /** A certificate issued now (real BLS keys) is valid with the default clock and window. */
  @Test
  void verify_defaultClock_freshCertificateValid_andWindowBothWays() throws Exception {
    byte[] sk = new byte[32];
    sk[31] = 42;
    var signer = new org.jicp.state.certification.BlsCertificateSigner(
        org.jicp.crypto.bls.SecretKey.fromBytes(sk));
    java.time.Instant issued = java.time.Instant.now();
    long nanos = issued.getEpochSecond() * 1_000_000_000L + issued.getNano();
    var tree = org.jicp.state.tree.HashTreeMap.empty()
        .put("time", org.jicp.state.tree.HashTree.leaf(org.jicp.crypto.Bytes.of(leb128(nanos)))).tree();
    byte[] cert = org.jicp.state.certification.CertificateIssuer.forRootSubnet(signer).issue(tree).encode();
    Path f = dir.resolve("fresh.cbor");
    Files.write(f, cert);
    String key = signer.publicKey().toDer().toHex();
    assertThat(CliTestSupport.run("cert", "verify", "--root-key", key, "--cert", f.toString()).code()).isZero();
    CliTestSupport.Run late = CliTestSupport.run("cert", "verify", "--root-key", key, "--cert", f.toString(),
        "--now", issued.plusSeconds(301).toString());
    assertThat(late.code()).isEqualTo(1);
    assertThat(late.out()).startsWith("invalid: certificate time ").contains("is behind now");
    CliTestSupport.Run early = CliTestSupport.run("cert", "verify", "--root-key", key, "--cert", f.toString(),
        "--now", issued.minusSeconds(301).toString());
    assertThat(early.code()).isEqualTo(1);
    assertThat(early.out()).contains("is ahead of now");
    CliTestSupport.Run widened = CliTestSupport.run("cert", "verify", "--root-key", key, "--cert", f.toString(),
        "--now", issued.plusSeconds(301).toString(), "--max-age-seconds", "302");
    assertThat(widened.code()).isZero();
  }

  private static byte[] leb128(long v) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      out.write(v == 0 ? b : b | 0x80);
    } while (v != 0);
    return out.toByteArray();
  }
}
