package org.jicp.nns.governance;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.nns.ledger.AccountIdentifier;

/**
 * One ledger transfer that governance needs made (legacy {@code transfer}, from one of its own
 * subaccounts): moving stake between neurons, disbursing, burning fees (to the minting account) or
 * minting (from the default account, which is the minting account).
 *
 * @param fromSubaccount governance's subaccount to pay from (empty: the minting account, a mint)
 * @param to the receiving account identifier
 * @param amountE8s the amount
 * @param feeE8s the fee (0 for mints and burns)
 * @param memo the 64-bit memo
 */
public record LedgerStep(Optional<Bytes> fromSubaccount, AccountIdentifier to, long amountE8s, long feeE8s, long memo) {
  /** Validates the components. */
  public LedgerStep {
    Objects.requireNonNull(fromSubaccount, "fromSubaccount");
    Objects.requireNonNull(to, "to");
    if (amountE8s < 0 || feeE8s < 0) {
      throw new IllegalArgumentException("negative amount or fee");
    }
  }
}
