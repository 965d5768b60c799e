package org.jicp.nns.ledger;

import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;

/**
 * The Candid types of the ICP ledger's legacy account-identifier API ({@code
 * rs/ledger_suite/icp/ledger.did}: {@code account_balance}, {@code transfer}, {@code
 * account_identifier}, {@code transfer_fee}).
 */
public final class LegacyLedger {
  private LegacyLedger() {}

  /** {@code Tokens = record { e8s : nat64 }}. */
  public record Tokens(@CandidAs("nat64") long e8s) {
    /** A non-negative amount. */
    public Tokens {
      if (e8s < 0) {
        throw new IllegalArgumentException("amounts above 2^63 - 1 e8s are not supported: " + Long.toUnsignedString(e8s));
      }
    }
  }

  /** {@code TimeStamp = record { timestamp_nanos : nat64 }}. */
  public record TimeStamp(@CandidName("timestamp_nanos") @CandidAs("nat64") long timestampNanos) {}

  /** {@code AccountBalanceArgs = record { account : AccountIdentifier }} (a 32-byte blob). */
  public record AccountBalanceArgs(Bytes account) {}

  /** {@code TransferArgs} of the legacy {@code transfer} method. */
  public record TransferArgs(
      @CandidAs("nat64") long memo,
      Tokens amount,
      Tokens fee,
      @CandidName("from_subaccount") Optional<Bytes> fromSubaccount,
      Bytes to,
      @CandidName("created_at_time") Optional<TimeStamp> createdAtTime) {
    /** Validates the components. */
    public TransferArgs {
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(fee, "fee");
      fromSubaccount.ifPresent(Subaccount::new);
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(createdAtTime, "createdAtTime");
    }
  }

  /** The legacy {@code TransferError}. */
  public sealed interface TransferError {
    /** The fee is not the ledger's fee. */
    record BadFee(ExpectedFee value) implements TransferError {}

    /** The balance does not cover amount and fee. */
    record InsufficientFunds(BalanceTokens value) implements TransferError {}

    /** {@code created_at_time} is before the window. */
    record TxTooOld(AllowedWindow value) implements TransferError {}

    /** {@code created_at_time} is in the future. */
    record TxCreatedInFuture() implements TransferError {}

    /** The same transaction is in block {@code duplicate_of}. */
    record TxDuplicate(DuplicateOf value) implements TransferError {}
  }

  /** {@code record { expected_fee : Tokens }}. */
  public record ExpectedFee(@CandidName("expected_fee") Tokens expectedFee) {}

  /** {@code record { balance : Tokens }}. */
  public record BalanceTokens(Tokens balance) {}

  /** {@code record { allowed_window_nanos : nat64 }}. */
  public record AllowedWindow(@CandidName("allowed_window_nanos") @CandidAs("nat64") long allowedWindowNanos) {}

  /** {@code record { duplicate_of : nat64 }}. */
  public record DuplicateOf(@CandidName("duplicate_of") @CandidAs("nat64") long duplicateOf) {}

  /** {@code TransferResult = variant { Ok : nat64; Err : TransferError }}. */
  public sealed interface TransferResult {
    /** The block index. */
    record Ok(@CandidAs("nat64") long value) implements TransferResult {}

    /** The rejection. */
    record Err(TransferError value) implements TransferResult {}
  }

  /** {@code TransferFee = record { transfer_fee : Tokens }}. */
  public record TransferFee(@CandidName("transfer_fee") Tokens transferFee) {}
}
