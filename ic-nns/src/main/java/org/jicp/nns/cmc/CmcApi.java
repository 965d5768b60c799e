package org.jicp.nns.cmc;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidId;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * The Candid types of the cycles minting canister, with the names of the mainnet {@code cmc.did}.
 */
public final class CmcApi {
  private CmcApi() {}

  /** {@code NotifyTopUpArg}. */
  public record NotifyTopUpArg(@CandidName("block_index") @CandidAs("nat64") long blockIndex, @CandidName("canister_id") Principal canisterId) {}

  /** {@code NotifyCreateCanisterArg}. */
  public record NotifyCreateCanisterArg(
      @CandidName("block_index") @CandidAs("nat64") long blockIndex,
      Principal controller,
      @CandidName("subnet_type") Optional<String> subnetType) {}

  /** {@code record { reason : text; block_index : opt BlockIndex }}. */
  public record Refund(String reason, @CandidName("block_index") @CandidAs("opt nat64") Optional<Long> blockIndex) {}

  /** {@code record { error_code : nat64; error_message : text }}. */
  public record Other(@CandidName("error_code") @CandidAs("nat64") long errorCode, @CandidName("error_message") String errorMessage) {}

  /** {@code NotifyError}. */
  public sealed interface NotifyError {
    /** The payment was returned (minus the fee); not retriable. */
    record Refunded(Refund value) implements NotifyError {}

    /** The same payment is being processed; retriable. */
    record Processing() implements NotifyError {}

    /** The payment is too old. */
    record TransactionTooOld(@CandidAs("nat64") long value) implements NotifyError {}

    /** The block is not a payment to the cycles minting canister of the right kind. */
    record InvalidTransaction(String value) implements NotifyError {}

    /** Any other error. */
    record Other(CmcApi.Other value) implements NotifyError {}
  }

  /** {@code NotifyMintCyclesArg = record { block_index; to_subaccount : opt blob; deposit_memo : opt blob }}. */
  public record NotifyMintCyclesArg(@CandidName("block_index") @CandidAs("nat64") long blockIndex,
      @CandidName("to_subaccount") Optional<Bytes> toSubaccount,
      @CandidName("deposit_memo") Optional<Bytes> depositMemo) {}

  /** {@code NotifyMintCyclesSuccess = record { block_index : nat; minted : nat; balance : nat }}. */
  public record NotifyMintCyclesSuccess(@CandidName("block_index") BigInteger blockIndex, BigInteger minted,
      BigInteger balance) {}

  /** {@code NotifyMintCyclesResult = variant { Ok : NotifyMintCyclesSuccess; Err : NotifyError }}. */
  public sealed interface NotifyMintCyclesResult {
    /** The cycles ledger's deposit block, the cycles minted and the account's new balance. */
    record Ok(NotifyMintCyclesSuccess value) implements NotifyMintCyclesResult {}

    /** Why not. */
    record Err(NotifyError value) implements NotifyMintCyclesResult {}
  }

  /** {@code NotifyTopUpResult = variant { Ok : Cycles; Err : NotifyError }}. */
  public sealed interface NotifyTopUpResult {
    /** The cycles deposited. */
    record Ok(BigInteger value) implements NotifyTopUpResult {}

    /** Why not. */
    record Err(NotifyError value) implements NotifyTopUpResult {}
  }

  /** {@code NotifyCreateCanisterResult = variant { Ok : principal; Err : NotifyError }}. */
  public sealed interface NotifyCreateCanisterResult {
    /** The new canister. */
    record Ok(Principal value) implements NotifyCreateCanisterResult {}

    /** Why not. */
    record Err(NotifyError value) implements NotifyCreateCanisterResult {}
  }

  /** {@code IcpXdrConversionRate}. */
  public record IcpXdrConversionRate(
      @CandidName("timestamp_seconds") @CandidAs("nat64") long timestampSeconds,
      @CandidName("xdr_permyriad_per_icp") @CandidAs("nat64") long xdrPermyriadPerIcp) {}

  /** {@code IcpXdrConversionRateResponse}: the rate with the CBOR hash tree and certificate. */
  public record IcpXdrConversionRateResponse(IcpXdrConversionRate data, @CandidName("hash_tree") Bytes hashTree, Bytes certificate) {}

  /** {@code record { text; vec principal }}. */
  public record SubnetTypeEntry(@CandidId(0) String type, @CandidId(1) List<Principal> subnets) {}

  /** {@code SubnetTypesToSubnetsResponse}. */
  public record SubnetTypesToSubnetsResponse(List<SubnetTypeEntry> data) {}

  /** {@code SetAuthorizedSubnetworkListArgs = record { who : opt principal; subnets : vec principal }}. */
  public record SetAuthorizedSubnetworkListArgs(Optional<Principal> who, List<Principal> subnets) {}

  /** {@code SubnetListWithType = record { subnets : vec principal; subnet_type : text }}. */
  public record SubnetListWithType(List<Principal> subnets, @CandidName("subnet_type") String subnetType) {}

  /** {@code ChangeSubnetTypeAssignmentArgs = variant { Add : SubnetListWithType; Remove : SubnetListWithType }}. */
  public sealed interface ChangeSubnetTypeAssignmentArgs {
    /** Assign subnets to a type. */
    record Add(SubnetListWithType value) implements ChangeSubnetTypeAssignmentArgs {}

    /** Remove subnets from a type. */
    record Remove(SubnetListWithType value) implements ChangeSubnetTypeAssignmentArgs {}
  }
}
