package org.jicp.nns.sns;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.types.CanisterId;

/**
 * The four canisters of one SNS and their initial states, as SNS-W deploys them: ids of
 * governance, ledger, swap and root; the dapp canisters handed over; the token; the governance
 * parameters; the sale. The SNS ledger's minting account is governance; at genesis the swap holds
 * the tokens for sale and governance's treasury subaccount the treasury tokens.
 *
 * @param governance SNS governance's id
 * @param ledger the SNS ledger's id
 * @param swap the swap's id
 * @param root the SNS root's id
 * @param dappCanisters the service canisters the SNS will control
 * @param tokenSymbol the token's symbol
 * @param tokenName the token's name
 * @param transferFeeE8s the SNS ledger's fee
 * @param treasuryE8s the SNS tokens of the treasury
 * @param params governance's parameters
 * @param sale the sale's terms (its tokens are minted to the swap)
 */
public record SnsDeployment(CanisterId governance, CanisterId ledger, CanisterId swap, CanisterId root,
    List<Principal> dappCanisters, String tokenSymbol, String tokenName, long transferFeeE8s, long treasuryE8s,
    SnsApi.Params params, SnsApi.SwapParams sale) {
  /** Validates and copies. */
  public SnsDeployment {
    Objects.requireNonNull(governance, "governance");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(swap, "swap");
    Objects.requireNonNull(root, "root");
    dappCanisters = List.copyOf(dappCanisters);
    params.validate();
    Objects.requireNonNull(sale, "sale");
  }

  /** The kinds and initial states, in install order: root, governance, ledger, swap. */
  public Map<CanisterId, Map.Entry<String, Bytes>> installs(long genesisNanos) {
    Map<CanisterId, Map.Entry<String, Bytes>> m = new LinkedHashMap<>();
    m.put(root, Map.entry(SnsCanisterFactory.ROOT, new SnsRootCanister(root, new SnsApi.RootState(governance.principal(),
        swap.principal(), dappCanisters)).saveState()));
    m.put(governance, Map.entry(SnsCanisterFactory.GOVERNANCE, new SnsGovernanceCanister(governance, new SnsGovernance(
        new SnsApi.Init(ledger.principal(), root.principal(), swap.principal(), NnsCanisterIds.LEDGER.principal(), dappCanisters,
            params))).saveState()));
    m.put(ledger, Map.entry(SnsCanisterFactory.LEDGER, new LedgerCanister(ledger, new Ledger(ledgerConfig(genesisNanos))).saveState()));
    m.put(swap, Map.entry(SnsCanisterFactory.SWAP, new SnsSwapCanister(swap, new SnsSwap(swapInit())).saveState()));
    return m;
  }

  /** The SNS ledger's configuration. */
  public LedgerConfig ledgerConfig(long genesisNanos) {
    Map<Account, Long> balances = new LinkedHashMap<>();
    balances.put(Account.of(swap.principal()), sale.snsTokenE8s());
    if (treasuryE8s > 0) {
      balances.put(new Account(governance.principal(), Optional.of(SnsGovernanceCanister.treasurySubaccount(governance.principal()))),
          treasuryE8s);
    }
    return new LedgerConfig(Account.of(governance.principal()), transferFeeE8s, tokenSymbol, tokenName, 8, Duration.ofHours(24),
        Duration.ofSeconds(60), 32, balances, genesisNanos);
  }

  /** The swap's canisters and terms. */
  public SnsApi.SwapInit swapInit() {
    return new SnsApi.SwapInit(NnsCanisterIds.LEDGER.principal(), ledger.principal(), governance.principal(), root.principal(),
        sale, transferFeeE8s);
  }
}
