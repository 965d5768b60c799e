package org.jicp.nns.ledger;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;

/** The Candid types of ICRC-2 ({@code dfinity/ICRC-1}, {@code standards/ICRC-2/README.md}). */
public final class Icrc2 {
  private Icrc2() {}

  /** {@code icrc2_approve}'s argument. */
  public record ApproveArgs(
      @CandidName("from_subaccount") Optional<Bytes> fromSubaccount,
      Account spender,
      BigInteger amount,
      @CandidName("expected_allowance") Optional<BigInteger> expectedAllowance,
      @CandidName("expires_at") @CandidAs("opt nat64") Optional<Long> expiresAt,
      Optional<BigInteger> fee,
      Optional<Bytes> memo,
      @CandidName("created_at_time") @CandidAs("opt nat64") Optional<Long> createdAtTime) {
    /** Validates the components. */
    public ApproveArgs {
      Objects.requireNonNull(spender, "spender");
      fromSubaccount.ifPresent(Subaccount::new);
      Icrc1.nonNegative(amount, "amount");
      expectedAllowance.ifPresent(a -> Icrc1.nonNegative(a, "expected_allowance"));
      fee.ifPresent(f -> Icrc1.nonNegative(f, "fee"));
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(memo, "memo");
      Objects.requireNonNull(createdAtTime, "createdAtTime");
    }

    /** An approval of {@code amount} for {@code spender}, optionally expiring. */
    public static ApproveArgs of(Account spender, long amount, Optional<Long> expiresAt) {
      return new ApproveArgs(
          Optional.empty(), spender, BigInteger.valueOf(amount), Optional.empty(), expiresAt,
          Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /** {@code ApproveError}. */
  public sealed interface ApproveError {
    /** The fee argument is not the ledger's fee. */
    record BadFee(Icrc1.Fee value) implements ApproveError {}

    /** The caller cannot pay the approval fee. */
    record InsufficientFunds(Icrc1.Balance value) implements ApproveError {}

    /** {@code expected_allowance} is not the current allowance. */
    record AllowanceChanged(CurrentAllowance value) implements ApproveError {}

    /** {@code expires_at} is not in the future. */
    record Expired(Icrc1.LedgerTime value) implements ApproveError {}

    /** {@code created_at_time} is before the deduplication window. */
    record TooOld() implements ApproveError {}

    /** {@code created_at_time} is in the future. */
    record CreatedInFuture(Icrc1.LedgerTime value) implements ApproveError {}

    /** The same approval is already in a block. */
    record Duplicate(Icrc1.DuplicateOf value) implements ApproveError {}

    /** The ledger cannot accept approvals now. */
    record TemporarilyUnavailable() implements ApproveError {}

    /** Any other error. */
    record GenericError(Icrc1.Generic value) implements ApproveError {}
  }

  /** {@code record { current_allowance : nat }}. */
  public record CurrentAllowance(@CandidName("current_allowance") BigInteger currentAllowance) {}

  /** {@code variant { Ok : nat; Err : ApproveError }}. */
  public sealed interface ApproveResult {
    /** The block index of the approval. */
    record Ok(BigInteger value) implements ApproveResult {}

    /** The rejection. */
    record Err(ApproveError value) implements ApproveResult {}
  }

  /** {@code icrc2_transfer_from}'s argument. */
  public record TransferFromArgs(
      @CandidName("spender_subaccount") Optional<Bytes> spenderSubaccount,
      Account from,
      Account to,
      BigInteger amount,
      Optional<BigInteger> fee,
      Optional<Bytes> memo,
      @CandidName("created_at_time") @CandidAs("opt nat64") Optional<Long> createdAtTime) {
    /** Validates the components. */
    public TransferFromArgs {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      spenderSubaccount.ifPresent(Subaccount::new);
      Icrc1.nonNegative(amount, "amount");
      fee.ifPresent(f -> Icrc1.nonNegative(f, "fee"));
      Objects.requireNonNull(memo, "memo");
      Objects.requireNonNull(createdAtTime, "createdAtTime");
    }

    /** A transfer of {@code amount} from {@code from} to {@code to} with the default fee. */
    public static TransferFromArgs of(Account from, Account to, long amount) {
      return new TransferFromArgs(
          Optional.empty(), from, to, BigInteger.valueOf(amount), Optional.empty(),
          Optional.empty(), Optional.empty());
    }
  }

  /** {@code TransferFromError}. */
  public sealed interface TransferFromError {
    /** The fee argument is not the ledger's fee. */
    record BadFee(Icrc1.Fee value) implements TransferFromError {}

    /** A burn below the minimum. */
    record BadBurn(Icrc1.MinBurn value) implements TransferFromError {}

    /** The {@code from} account cannot cover amount and fee. */
    record InsufficientFunds(Icrc1.Balance value) implements TransferFromError {}

    /** The allowance does not cover amount and fee. */
    record InsufficientAllowance(AllowanceValue value) implements TransferFromError {}

    /** {@code created_at_time} is before the deduplication window. */
    record TooOld() implements TransferFromError {}

    /** {@code created_at_time} is in the future. */
    record CreatedInFuture(Icrc1.LedgerTime value) implements TransferFromError {}

    /** The same transaction is already in a block. */
    record Duplicate(Icrc1.DuplicateOf value) implements TransferFromError {}

    /** The ledger cannot accept transfers now. */
    record TemporarilyUnavailable() implements TransferFromError {}

    /** Any other error. */
    record GenericError(Icrc1.Generic value) implements TransferFromError {}
  }

  /** {@code record { allowance : nat }}. */
  public record AllowanceValue(BigInteger allowance) {}

  /** {@code variant { Ok : nat; Err : TransferFromError }}. */
  public sealed interface TransferFromResult {
    /** The block index of the transfer. */
    record Ok(BigInteger value) implements TransferFromResult {}

    /** The rejection. */
    record Err(TransferFromError value) implements TransferFromResult {}
  }

  /** {@code icrc2_allowance}'s argument. */
  public record AllowanceArgs(Account account, Account spender) {}

  /** {@code record { allowance : nat; expires_at : opt nat64 }}. */
  public record Allowance(
      BigInteger allowance, @CandidName("expires_at") @CandidAs("opt nat64") Optional<Long> expiresAt) {}
}
