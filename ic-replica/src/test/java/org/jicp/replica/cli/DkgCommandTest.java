package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.junit.jupiter.api.Test;

/** {@code jicp dkg simulate}, exactly as scripts call it. */
class DkgCommandTest {
  private static final String MSG = "68656c6c6f"; // "hello"

  private static String field(CliRun r, String name) {
    for (String line : r.out().split("\n")) {
      if (line.startsWith(name + " ")) {
        return line.substring(name.length() + 1).strip();
      }
    }
    throw new AssertionError("no '" + name + "' line in: " + r.out());
  }

  @Test
  void simulate_sameSeed_sameOutput_resharingKeepsKey_andSignatureVerifiesAsIcSignature() {
    CliRun plain = CliRun.of("dkg", "simulate", "--n", "4", "--t", "2", "--seed", "01ab", "--sign-msg", MSG);
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(plain.out().split("\n")).hasSize(2);
    String key = field(plain, "group_public_key");
    String sig = field(plain, "signature");
    assertThat(key).hasSize(192);
    assertThat(sig).hasSize(96);
    PublicKey pk = BlsScheme.IC.publicKeyFromBytes(Bytes.parseHex(key));
    Signature s = BlsScheme.IC.signatureFromBytes(Bytes.parseHex(sig));
    assertThat(BlsScheme.IC.verify(pk, Bytes.parseHex(MSG), s)).isTrue();
    // and through the CLI's IC verifier
    assertThat(CliRun.of("crypto", "verify", "--scheme", "ic", "--pk", key, "--sig", sig, "--msg", MSG))
        .isEqualTo(new CliRun(0, "valid", ""));

    assertThat(CliRun.of("dkg", "simulate", "--n", "4", "--t", "2", "--seed", "01ab", "--sign-msg", MSG)).isEqualTo(plain);

    CliRun reshared =
        CliRun.of(
            "dkg", "simulate", "--n", "4", "--t", "2", "--seed", "01ab", "--reshare-to", "7", "--reshare-t", "3", "--sign-msg", MSG);
    assertThat(reshared.exit()).as(reshared.err()).isZero();
    assertThat(field(reshared, "group_public_key")).isEqualTo(key);
    // BLS is unique: the new committee's t' shares give the very same signature
    assertThat(field(reshared, "signature")).isEqualTo(sig);

    CliRun other = CliRun.of("dkg", "simulate", "--n", "4", "--t", "2", "--seed", "01ac");
    assertThat(other.exit()).isZero();
    assertThat(field(other, "group_public_key")).isNotEqualTo(key);
    assertThat(other.out()).doesNotContain("signature");
  }

  @Test
  void simulate_badParameters_exit2WithOneLine() {
    for (String[] args :
        new String[][] {
          {"dkg", "simulate", "--n", "4", "--t", "5", "--seed", "00"},
          {"dkg", "simulate", "--n", "0", "--t", "0", "--seed", "00"},
          {"dkg", "simulate", "--n", "4", "--t", "2", "--seed", "0g"},
          {"dkg", "simulate", "--n", "4", "--t", "2", "--seed", "00", "--reshare-to", "5"},
          {"dkg", "simulate", "--n", "4", "--t", "2", "--seed", "00", "--reshare-to", "3", "--reshare-t", "4"},
          {"dkg", "simulate", "--n", "4", "--t", "2", "--seed", "00", "--sign-msg", "abc"},
          {"dkg", "simulate", "--n", "4", "--seed", "00"}
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).startsWith("error: ").doesNotContain("\n");
    }
  }
}
