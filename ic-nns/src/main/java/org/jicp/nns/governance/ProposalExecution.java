package org.jicp.nns.governance;

import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;

/**
 * What an adopted proposal needs done outside governance; the host (or the library user) does it
 * and reports back with {@link Governance#executionSucceeded} or {@link
 * Governance#executionFailed}.
 */
public sealed interface ProposalExecution {
  /** The proposal being executed. */
  long proposalId();

  /** Call {@code method} of {@code target} with the proposal's Candid payload. */
  record CallCanister(long proposalId, CanisterId target, String method, Bytes payload) implements ProposalExecution {}

  /** Make these ledger transfers (minting node provider rewards). */
  record Transfers(long proposalId, List<LedgerStep> transfers) implements ProposalExecution {
    /** Copies the list. */
    public Transfers {
      transfers = List.copyOf(transfers);
    }
  }

  /**
   * Reward node providers with the registry's monthly XDR rewards converted at the cycles minting
   * canister's ICP/XDR rate ({@link Governance#nodeProviderRewardTransfers}).
   */
  record RegistryDerivedNodeProviderRewards(long proposalId) implements ProposalExecution {}
}
