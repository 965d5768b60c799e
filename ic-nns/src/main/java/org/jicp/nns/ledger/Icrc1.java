package org.jicp.nns.ledger;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;

/** The Candid types of ICRC-1 ({@code dfinity/ICRC-1}, {@code standards/ICRC-1/README.md}). */
public final class Icrc1 {
  private Icrc1() {}

  /** {@code icrc1_transfer}'s argument. */
  public record TransferArg(
      @CandidName("from_subaccount") Optional<Bytes> fromSubaccount,
      Account to,
      BigInteger amount,
      Optional<BigInteger> fee,
      Optional<Bytes> memo,
      @CandidName("created_at_time") @CandidAs("opt nat64") Optional<Long> createdAtTime) {
    /** Validates the components (a subaccount has 32 bytes, amounts are not negative). */
    public TransferArg {
      Objects.requireNonNull(to, "to");
      fromSubaccount.ifPresent(Subaccount::new);
      nonNegative(amount, "amount");
      fee.ifPresent(f -> nonNegative(f, "fee"));
      Objects.requireNonNull(memo, "memo");
      Objects.requireNonNull(createdAtTime, "createdAtTime");
    }

    /** A plain transfer of {@code amount} to {@code to} with the default fee. */
    public static TransferArg of(Account to, long amount) {
      return new TransferArg(
          Optional.empty(), to, BigInteger.valueOf(amount), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
  }

  static void nonNegative(BigInteger n, String what) {
    Objects.requireNonNull(n, what);
    if (n.signum() < 0) {
      throw new IllegalArgumentException(what + " is negative: " + n);
    }
  }

  /** {@code TransferError} of ICRC-1. */
  public sealed interface TransferError {
    /** The fee argument is not the ledger's fee. */
    record BadFee(Fee value) implements TransferError {}

    /** A burn below the minimum. */
    record BadBurn(MinBurn value) implements TransferError {}

    /** The source account's balance does not cover amount and fee. */
    record InsufficientFunds(Balance value) implements TransferError {}

    /** {@code created_at_time} is before the deduplication window. */
    record TooOld() implements TransferError {}

    /** {@code created_at_time} is after the ledger time plus the permitted drift. */
    record CreatedInFuture(LedgerTime value) implements TransferError {}

    /** The same transaction is already in block {@code duplicate_of}. */
    record Duplicate(DuplicateOf value) implements TransferError {}

    /** The ledger cannot accept transfers now. */
    record TemporarilyUnavailable() implements TransferError {}

    /** Any other error, with a code and a message. */
    record GenericError(Generic value) implements TransferError {}
  }

  /** {@code record { expected_fee : nat }}. */
  public record Fee(@CandidName("expected_fee") BigInteger expectedFee) {}

  /** {@code record { min_burn_amount : nat }}. */
  public record MinBurn(@CandidName("min_burn_amount") BigInteger minBurnAmount) {}

  /** {@code record { balance : nat }}. */
  public record Balance(BigInteger balance) {}

  /** {@code record { ledger_time : nat64 }}. */
  public record LedgerTime(@CandidName("ledger_time") @CandidAs("nat64") long ledgerTime) {}

  /** {@code record { duplicate_of : nat }}. */
  public record DuplicateOf(@CandidName("duplicate_of") BigInteger duplicateOf) {}

  /** {@code record { error_code : nat; message : text }}. */
  public record Generic(@CandidName("error_code") BigInteger errorCode, String message) {}

  /** {@code variant { Ok : nat; Err : TransferError }}. */
  public sealed interface TransferResult {
    /** The index of the block that records the transfer. */
    record Ok(BigInteger value) implements TransferResult {}

    /** Why the transfer was rejected (the state is unchanged). */
    record Err(TransferError value) implements TransferResult {}
  }

  /** A metadata value: {@code variant { Nat : nat; Int : int; Text : text; Blob : blob }}. */
  public sealed interface MetadataValue {
    /** A number. */
    record Nat(BigInteger value) implements MetadataValue {}

    /** An integer. */
    record Int(@CandidAs("int") BigInteger value) implements MetadataValue {}

    /** A text. */
    record Text(String value) implements MetadataValue {}

    /** A blob. */
    record Blob(Bytes value) implements MetadataValue {}
  }

  /** A metadata entry {@code record { text; Value }}. */
  public record MetadataEntry(
      @org.jicp.candid.mapping.CandidId(0) String key,
      @org.jicp.candid.mapping.CandidId(1) MetadataValue value) {}

  /** {@code record { name : text; url : text }}. */
  public record StandardRecord(String name, String url) {}
}
