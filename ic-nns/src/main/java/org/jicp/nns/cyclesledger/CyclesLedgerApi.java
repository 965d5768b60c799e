package org.jicp.nns.cyclesledger;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.ledger.Account;

/**
 * The Candid types of the cycles ledger's own methods ({@code deposit}, {@code withdraw}, {@code
 * create_canister}), as in {@code cycles-ledger.did} of {@code dfinity/cycles-ledger}; its ICRC-1/2/3
 * methods use the ledger's types ({@link org.jicp.nns.ledger.Icrc1} and siblings).
 */
public final class CyclesLedgerApi {
  private CyclesLedgerApi() {}

  /** {@code DepositArgs = record { to : Account; memo : opt vec nat8 }}. */
  public record DepositArgs(Account to, Optional<Bytes> memo) {}

  /** {@code DepositResult = record { balance : nat; block_index : nat }}. */
  public record DepositResult(BigInteger balance, @CandidName("block_index") BigInteger blockIndex) {}

  /** {@code WithdrawArgs}. */
  public record WithdrawArgs(BigInteger amount, @CandidName("from_subaccount") Optional<Bytes> fromSubaccount,
      Principal to, @CandidName("created_at_time") @CandidAs("opt nat64") Optional<Long> createdAtTime) {}

  /** {@code RejectionCode}. */
  public sealed interface RejectionCode {
    /** No error. */
    record NoError() implements RejectionCode {}
    /** {@code SysFatal}. */
    record SysFatal() implements RejectionCode {}
    /** {@code SysTransient}. */
    record SysTransient() implements RejectionCode {}
    /** {@code DestinationInvalid}. */
    record DestinationInvalid() implements RejectionCode {}
    /** {@code CanisterReject}. */
    record CanisterReject() implements RejectionCode {}
    /** {@code CanisterError}. */
    record CanisterError() implements RejectionCode {}
    /** {@code Unknown}. */
    record Unknown() implements RejectionCode {}

    /** The variant of an IC reject code (1 to 5). */
    static RejectionCode of(int code) {
      return switch (code) {
        case 1 -> new SysFatal();
        case 2 -> new SysTransient();
        case 3 -> new DestinationInvalid();
        case 4 -> new CanisterReject();
        case 5 -> new CanisterError();
        default -> new Unknown();
      };
    }
  }

  /** {@code record { message : text; error_code : nat }}. */
  public record Generic(String message, @CandidName("error_code") BigInteger errorCode) {}

  /** {@code record { balance : nat }}. */
  public record Balance(BigInteger balance) {}

  /** {@code record { expected_fee : nat }}. */
  public record Fee(@CandidName("expected_fee") BigInteger expectedFee) {}

  /** {@code record { ledger_time : nat64 }}. */
  public record LedgerTime(@CandidName("ledger_time") @CandidAs("nat64") long ledgerTime) {}

  /** {@code record { duplicate_of : nat }}. */
  public record DuplicateOf(@CandidName("duplicate_of") BigInteger duplicateOf) {}

  /** {@code record { receiver : principal }}. */
  public record Receiver(Principal receiver) {}

  /** {@code FailedToWithdraw}'s record. */
  public record FailedToWithdrawInfo(@CandidName("fee_block") Optional<BigInteger> feeBlock,
      @CandidName("rejection_code") RejectionCode rejectionCode,
      @CandidName("rejection_reason") String rejectionReason) {}

  /** {@code WithdrawError}. */
  public sealed interface WithdrawError {
    /** {@code GenericError}. */
    record GenericError(Generic value) implements WithdrawError {}
    /** {@code TemporarilyUnavailable}. */
    record TemporarilyUnavailable() implements WithdrawError {}
    /** {@code FailedToWithdraw}. */
    record FailedToWithdraw(FailedToWithdrawInfo value) implements WithdrawError {}
    /** {@code Duplicate}. */
    record Duplicate(DuplicateOf value) implements WithdrawError {}
    /** {@code BadFee}. */
    record BadFee(Fee value) implements WithdrawError {}
    /** {@code InvalidReceiver}. */
    record InvalidReceiver(Receiver value) implements WithdrawError {}
    /** {@code CreatedInFuture}. */
    record CreatedInFuture(LedgerTime value) implements WithdrawError {}
    /** {@code TooOld}. */
    record TooOld() implements WithdrawError {}
    /** {@code InsufficientFunds}. */
    record InsufficientFunds(Balance value) implements WithdrawError {}
  }

  /** {@code variant { Ok : BlockIndex; Err : WithdrawError }}. */
  public sealed interface WithdrawResult {
    /** The burn block. */
    record Ok(BigInteger value) implements WithdrawResult {}
    /** Why. */
    record Err(WithdrawError value) implements WithdrawResult {}
  }

  /** {@code CanisterSettings} of {@code CmcCreateCanisterArgs}. */
  public record CanisterSettings(Optional<List<Principal>> controllers,
      @CandidName("compute_allocation") Optional<BigInteger> computeAllocation,
      @CandidName("memory_allocation") Optional<BigInteger> memoryAllocation,
      @CandidName("freezing_threshold") Optional<BigInteger> freezingThreshold,
      @CandidName("reserved_cycles_limit") Optional<BigInteger> reservedCyclesLimit) {}

  /** {@code record { subnet : principal }}. */
  public record SubnetRecord(Principal subnet) {}

  /** {@code SubnetFilter = record { subnet_type : opt text }}. */
  public record SubnetFilter(@CandidName("subnet_type") Optional<String> subnetType) {}

  /** {@code SubnetSelection}. */
  public sealed interface SubnetSelection {
    /** A specific subnet. */
    record Subnet(SubnetRecord value) implements SubnetSelection {}
    /** A subnet of a type. */
    record Filter(SubnetFilter value) implements SubnetSelection {}
  }

  /** {@code CmcCreateCanisterArgs}. */
  public record CmcCreateCanisterArgs(Optional<CanisterSettings> settings,
      @CandidName("subnet_selection") Optional<SubnetSelection> subnetSelection) {}

  /** {@code CreateCanisterArgs}. */
  public record CreateCanisterArgs(@CandidName("from_subaccount") Optional<Bytes> fromSubaccount,
      @CandidName("created_at_time") @CandidAs("opt nat64") Optional<Long> createdAtTime,
      BigInteger amount, @CandidName("creation_args") Optional<CmcCreateCanisterArgs> creationArgs) {}

  /** {@code CreateCanisterSuccess}. */
  public record CreateCanisterSuccess(@CandidName("block_id") BigInteger blockId,
      @CandidName("canister_id") Principal canisterId) {}

  /** {@code Duplicate}'s record of {@code CreateCanisterError}. */
  public record DuplicateCreate(@CandidName("duplicate_of") BigInteger duplicateOf,
      @CandidName("canister_id") Optional<Principal> canisterId) {}

  /** {@code FailedToCreate}'s record. */
  public record FailedToCreateInfo(@CandidName("fee_block") Optional<BigInteger> feeBlock,
      @CandidName("refund_block") Optional<BigInteger> refundBlock, String error) {}

  /** {@code CreateCanisterError}. */
  public sealed interface CreateCanisterError {
    /** {@code InsufficientFunds}. */
    record InsufficientFunds(Balance value) implements CreateCanisterError {}
    /** {@code TooOld}. */
    record TooOld() implements CreateCanisterError {}
    /** {@code CreatedInFuture}. */
    record CreatedInFuture(LedgerTime value) implements CreateCanisterError {}
    /** {@code TemporarilyUnavailable}. */
    record TemporarilyUnavailable() implements CreateCanisterError {}
    /** {@code Duplicate}. */
    record Duplicate(DuplicateCreate value) implements CreateCanisterError {}
    /** {@code FailedToCreate}. */
    record FailedToCreate(FailedToCreateInfo value) implements CreateCanisterError {}
    /** {@code GenericError}. */
    record GenericError(Generic value) implements CreateCanisterError {}
  }

  /** {@code variant { Ok : CreateCanisterSuccess; Err : CreateCanisterError }}. */
  public sealed interface CreateCanisterResult {
    /** Created. */
    record Ok(CreateCanisterSuccess value) implements CreateCanisterResult {}
    /** Why not. */
    record Err(CreateCanisterError value) implements CreateCanisterResult {}
  }
}
