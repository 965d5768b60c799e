package org.jicp.nns.governance;

import java.util.Objects;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;

/**
 * The parameters of a governance instance.
 *
 * @param governancePrincipal the governance canister's principal: the owner of the neurons'
 *     subaccounts on the ledger and of the minting account (its default account)
 * @param genesisTimestampSeconds the IC's genesis, the origin of the reward curve
 * @param economics the initial network economics
 */
public record GovernanceConfig(
    Principal governancePrincipal, long genesisTimestampSeconds, GovernanceApi.NetworkEconomics economics) {
  /** Validates the components. */
  public GovernanceConfig {
    Objects.requireNonNull(governancePrincipal, "governancePrincipal");
    Objects.requireNonNull(economics, "economics");
    if (genesisTimestampSeconds < 0) {
      throw new IllegalArgumentException("negative genesis time");
    }
  }

  /** The mainnet governance canister with default economics and genesis at {@code genesisSeconds}. */
  public static GovernanceConfig nns(long genesisSeconds) {
    return new GovernanceConfig(NnsCanisterIds.GOVERNANCE.principal(), genesisSeconds, GovernanceApi.NetworkEconomics.defaults());
  }
}
