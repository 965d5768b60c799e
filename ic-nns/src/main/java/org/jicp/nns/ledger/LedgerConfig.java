package org.jicp.nns.ledger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of an ICP ledger.
 *
 * @param mintingAccount the minting account (governance's default account on mainnet): transfers
 *     from it mint, transfers to it burn
 * @param transferFee the fee of a transfer or approval, in e8s ({@code DEFAULT_TRANSFER_FEE =
 *     10_000})
 * @param tokenSymbol {@code icrc1_symbol}
 * @param tokenName {@code icrc1_name}
 * @param decimals {@code icrc1_decimals}
 * @param transactionWindow the deduplication window {@code TX_WINDOW} (24 h)
 * @param permittedDrift {@code PERMITTED_DRIFT}, how far in the future {@code created_at_time} may
 *     be (60 s on the ICP ledger)
 * @param maxMemoLength the longest ICRC-1 memo accepted (32 bytes)
 * @param initialBalances balances minted at genesis, in this order
 * @param genesisTimeNanos the timestamp of the genesis mint blocks
 */
public record LedgerConfig(
    Account mintingAccount,
    long transferFee,
    String tokenSymbol,
    String tokenName,
    int decimals,
    Duration transactionWindow,
    Duration permittedDrift,
    int maxMemoLength,
    Map<Account, Long> initialBalances,
    long genesisTimeNanos) {
  /** The ICP ledger's default transfer fee, 0.0001 ICP. */
  public static final long DEFAULT_TRANSFER_FEE = 10_000;

  /** e8s per ICP. */
  public static final long E8S_PER_ICP = 100_000_000L;

  /** Validates the components. */
  public LedgerConfig {
    Objects.requireNonNull(mintingAccount, "mintingAccount");
    if (transferFee < 0) {
      throw new IllegalArgumentException("negative fee");
    }
    Objects.requireNonNull(tokenSymbol, "tokenSymbol");
    Objects.requireNonNull(tokenName, "tokenName");
    if (decimals < 0 || decimals > 255) {
      throw new IllegalArgumentException("decimals out of range: " + decimals);
    }
    if (transactionWindow.isNegative() || permittedDrift.isNegative()) {
      throw new IllegalArgumentException("negative window or drift");
    }
    if (maxMemoLength < 0) {
      throw new IllegalArgumentException("negative memo length");
    }
    initialBalances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initialBalances));
    initialBalances.forEach((a, v) -> {
      if (v == null || v < 0) {
        throw new IllegalArgumentException("negative initial balance of " + a);
      }
    });
  }

  /** The ICP ledger's parameters with {@code mintingAccount} and initial balances. */
  public static LedgerConfig icp(Account mintingAccount, Map<Account, Long> initialBalances, long genesisTimeNanos) {
    return new LedgerConfig(
        mintingAccount, DEFAULT_TRANSFER_FEE, "ICP", "Internet Computer", 8, Duration.ofHours(24),
        Duration.ofSeconds(60), 32, initialBalances, genesisTimeNanos);
  }
}
