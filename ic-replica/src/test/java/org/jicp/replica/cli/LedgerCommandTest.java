package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerCommandTest {
  @Test
  void accountId_anonymousPrincipal_matchesTheQuillDocumentation() {
    // internetcomputer.org, "quill public-ids" reference: `quill public-ids --principal-id 2vxsx-fae`
    // prints "Legacy account id: 1c7a48ba6a562aa9eaa2481a9049cdf0433b9738c992d698c31d8abf89cadc79".
    CliRun r = CliRun.of("ledger", "account-id", "--principal", "2vxsx-fae");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("1c7a48ba6a562aa9eaa2481a9049cdf0433b9738c992d698c31d8abf89cadc79");
  }

  @Test
  void accountId_withSubaccount_matchesTheQuillDocumentation() {
    // internetcomputer.org, "quill public-ids --subaccount 010203" for principal
    // fdsgv-62ihb-nbiqv-xgic5-iefsv-3cscz-tmbzv-63qd5-vh43v-dqfrt-pae prints
    // "Legacy account id: 0ae94165785f2ffb9c56ebc84f3d13299f28db78c80b1db43c0d114eed6105af".
    CliRun r = CliRun.of("ledger", "account-id", "--principal",
        "fdsgv-62ihb-nbiqv-xgic5-iefsv-3cscz-tmbzv-63qd5-vh43v-dqfrt-pae", "--subaccount", "010203");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("0ae94165785f2ffb9c56ebc84f3d13299f28db78c80b1db43c0d114eed6105af");
  }

  @Test
  void accountId_selfAuthenticatingPrincipal_matchesDfinityLedgerRef() {
    // dfinity/ledger-ref, src/AccountTests.mo.
    CliRun r = CliRun.of("ledger", "account-id", "--principal",
        "iooej-vlrze-c5tme-tn7qt-vqe7z-7bsj5-ebxlc-hlzgs-lueo3-3yast-pae");
    assertThat(r.out()).isEqualTo("bdc4ee05d42cd0669786899f256c8fd7217fa71177bd1fa7b9534f568680a938");
  }

  @Test
  void accountId_fullLengthZeroSubaccount_isTheDefaultAccount() {
    CliRun r = CliRun.of("ledger", "account-id", "--principal", "2vxsx-fae", "--subaccount", "0x" + "00".repeat(32));
    assertThat(r.out()).isEqualTo("1c7a48ba6a562aa9eaa2481a9049cdf0433b9738c992d698c31d8abf89cadc79");
  }

  @Test
  void accountId_badPrincipal_exits2WithOneLine() {
    CliRun r = CliRun.of("ledger", "account-id", "--principal", "not-a-principal");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --principal").doesNotContain("\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void accountId_subaccountTooLong_exits2() {
    CliRun r = CliRun.of("ledger", "account-id", "--principal", "2vxsx-fae", "--subaccount", "00".repeat(33));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --subaccount");
  }

  @Test
  void accountId_missingPrincipal_exits2() {
    assertThat(CliRun.of("ledger", "account-id").exit()).isEqualTo(2);
  }
}
