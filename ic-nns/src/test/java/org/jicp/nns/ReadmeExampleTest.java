package org.jicp.nns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Principal;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.GovernanceConfig;
import org.jicp.nns.governance.GovernanceConstants;
import org.jicp.nns.governance.ProposalStatus;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerConfig;
import org.junit.jupiter.api.Test;

/** The example of the module README, run as written. */
class ReadmeExampleTest {
  @Test
  void readmeExample_runsAsDocumented() {
    Principal alice = Principal.selfAuthenticating(new byte[] {1});
    Principal bob = Principal.selfAuthenticating(new byte[] {2});
    long nowNanos = 1_700_000_000_000_000_000L;
    long nowSeconds = nowNanos / 1_000_000_000L;
    long genesisSeconds = 1_620_604_800L;

    // --- README example begins
    Ledger ledger = new Ledger(LedgerConfig.icp(Account.of(NnsCanisterIds.GOVERNANCE.principal()),
        Map.of(Account.of(alice), 100_000_000L), nowNanos));                        // 1 ICP for alice
    var r = ledger.icrc1Transfer(alice, Icrc1.TransferArg.of(Account.of(bob), 5_000), nowNanos);
    System.out.println(r + " " + ledger.icrc1BalanceOf(Account.of(bob)));          // Ok[value=1] 5000
    System.out.println(AccountIdentifier.of(Principal.fromText("2vxsx-fae")));      // 1c7a48ba…dc79

    Governance gov = new Governance(GovernanceConfig.nns(genesisSeconds));
    long n = gov.claimOrRefreshNeuron(alice, 1, 10 * 100_000_000L, nowSeconds);  // 10 ICP staked on the ledger
    gov.increaseDissolveDelay(alice, n, GovernanceConstants.ONE_YEAR_SECONDS, nowSeconds);
    long p = gov.makeProposal(alice, n, new GovernanceApi.Proposal("", Optional.of("Hello, NNS"),
        Optional.of(new GovernanceApi.Action.Motion(new GovernanceApi.Motion("hello"))), ""), nowSeconds);
    System.out.println(gov.proposal(p).status());                                  // EXECUTED: all the voting power said yes
    // --- README example ends

    assertThat(r).isEqualTo(new Icrc1.TransferResult.Ok(java.math.BigInteger.ONE));
    assertThat(ledger.icrc1BalanceOf(Account.of(bob))).isEqualTo(java.math.BigInteger.valueOf(5_000));
    assertThat(AccountIdentifier.of(Principal.fromText("2vxsx-fae")).toHex()).startsWith("1c7a48ba").endsWith("dc79");
    assertThat(gov.proposal(p).status()).isEqualTo(ProposalStatus.EXECUTED);
  }
}
