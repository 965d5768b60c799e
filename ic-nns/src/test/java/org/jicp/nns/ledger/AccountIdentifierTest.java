package org.jicp.nns.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jicp.crypto.Principal;
import org.jicp.nns.MalformedRequestException;
import org.junit.jupiter.api.Test;

class AccountIdentifierTest {
  @Test
  void of_anonymousPrincipal_matchesQuillDocumentation() {
    // internetcomputer.org, "quill public-ids" reference: the default account id of the anonymous
    // principal 2vxsx-fae is 1c7a48ba….
    AccountIdentifier id = AccountIdentifier.of(Principal.fromText("2vxsx-fae"));
    assertThat(id.toHex()).isEqualTo("1c7a48ba6a562aa9eaa2481a9049cdf0433b9738c992d698c31d8abf89cadc79");
  }

  @Test
  void of_selfAuthenticatingPrincipal_matchesDfinityLedgerRef() {
    // dfinity/ledger-ref, src/AccountTests.mo: check("iooej-…-pae", null, "bdc4ee05…").
    AccountIdentifier id =
        AccountIdentifier.of(
            Principal.fromText("iooej-vlrze-c5tme-tn7qt-vqe7z-7bsj5-ebxlc-hlzgs-lueo3-3yast-pae"));
    assertThat(id.toHex()).isEqualTo("bdc4ee05d42cd0669786899f256c8fd7217fa71177bd1fa7b9534f568680a938");
  }

  @Test
  void of_withSubaccount_matchesQuillDocumentation() {
    // internetcomputer.org, "quill public-ids --subaccount 010203": principal fdsgv-…-pae,
    // legacy account id 0ae94165… (the ICRC-1 text form …-al4mwai.10203 shows the subaccount is
    // right-aligned: 29 zero bytes, then 01 02 03).
    Principal p =
        Principal.fromText("fdsgv-62ihb-nbiqv-xgic5-iefsv-3cscz-tmbzv-63qd5-vh43v-dqfrt-pae");
    AccountIdentifier id = AccountIdentifier.of(p, Subaccount.fromHex("010203"));
    assertThat(id.toHex()).isEqualTo("0ae94165785f2ffb9c56ebc84f3d13299f28db78c80b1db43c0d114eed6105af");
  }

  @Test
  void fromHex_validChecksum_roundTrips() {
    String hex = "bdc4ee05d42cd0669786899f256c8fd7217fa71177bd1fa7b9534f568680a938";
    assertThat(AccountIdentifier.fromHex(hex).toHex()).isEqualTo(hex);
  }

  @Test
  void fromHex_wrongChecksum_isRejectedNamingTheChecksum() {
    assertThatThrownBy(
            () -> AccountIdentifier.fromHex(
                "bdc4ee06d42cd0669786899f256c8fd7217fa71177bd1fa7b9534f568680a938"))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("CRC-32");
  }

  @Test
  void fromHex_wrongLength_isRejected() {
    assertThatThrownBy(() -> AccountIdentifier.fromHex("abcd"))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void subaccountFromHex_tooLong_isRejected() {
    assertThatThrownBy(() -> Subaccount.fromHex("00".repeat(33)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
