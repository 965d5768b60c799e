package org.jicp.nns.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.DidFile;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.nns.testing.DidMethod;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ledger's ICRC methods against the Candid the standards publish (dfinity/ICRC-1,
 * standards/ICRC-1, ICRC-2 and ICRC-3 README.md, written out here from their "Methods" and "Type
 * definitions" sections): standard arguments decode as jicp's, jicp's replies decode as the
 * standard's.
 */
class LedgerInterfaceStandardTest {
  static final String STANDARD = String.join("\n",
      "type Subaccount = blob;",
      "type Account = record { owner : principal; subaccount : opt Subaccount; };",
      "type TransferArgs = record { from_subaccount : opt Subaccount; to : Account; amount : nat; fee : opt nat;",
      "  memo : opt blob; created_at_time : opt nat64; };",
      "type TransferError = variant { BadFee : record { expected_fee : nat }; BadBurn : record { min_burn_amount : nat };",
      "  InsufficientFunds : record { balance : nat }; TooOld; CreatedInFuture : record { ledger_time : nat64 };",
      "  Duplicate : record { duplicate_of : nat }; TemporarilyUnavailable;",
      "  GenericError : record { error_code : nat; message : text }; };",
      "type Value = variant { Nat : nat; Int : int; Text : text; Blob : blob };",
      "type ApproveArgs = record { from_subaccount : opt blob; spender : Account; amount : nat; expected_allowance : opt nat;",
      "  expires_at : opt nat64; fee : opt nat; memo : opt blob; created_at_time : opt nat64; };",
      "type ApproveError = variant { BadFee : record { expected_fee : nat }; InsufficientFunds : record { balance : nat };",
      "  AllowanceChanged : record { current_allowance : nat }; Expired : record { ledger_time : nat64; }; TooOld;",
      "  CreatedInFuture : record { ledger_time : nat64 }; Duplicate : record { duplicate_of : nat }; TemporarilyUnavailable;",
      "  GenericError : record { error_code : nat; message : text }; };",
      "type TransferFromArgs = record { spender_subaccount : opt blob; from : Account; to : Account; amount : nat;",
      "  fee : opt nat; memo : opt blob; created_at_time : opt nat64; };",
      "type TransferFromError = variant { BadFee : record { expected_fee : nat }; BadBurn : record { min_burn_amount : nat };",
      "  InsufficientFunds : record { balance : nat }; InsufficientAllowance : record { allowance : nat }; TooOld;",
      "  CreatedInFuture : record { ledger_time : nat64 }; Duplicate : record { duplicate_of : nat }; TemporarilyUnavailable;",
      "  GenericError : record { error_code : nat; message : text }; };",
      "type AllowanceArgs = record { account : Account; spender : Account; };",
      "type Allowance = record { allowance : nat; expires_at : opt nat64; };",
      "type ICRC3Value = variant { Blob : blob; Text : text; Nat : nat; Int : int; Array : vec ICRC3Value;",
      "  Map : vec record { text; ICRC3Value }; };",
      "type GetBlocksArgs = vec record { start : nat; length : nat };",
      "type GetBlocksResult = record { log_length : nat; blocks : vec record { id : nat; block : ICRC3Value };",
      "  archived_blocks : vec record { args : GetBlocksArgs; callback : func (GetBlocksArgs) -> (GetBlocksResult) query; }; };",
      "type DataCertificate = record { certificate : blob; hash_tree : blob; };",
      "service : {",
      "  icrc1_name : () -> (text) query;",
      "  icrc1_symbol : () -> (text) query;",
      "  icrc1_decimals : () -> (nat8) query;",
      "  icrc1_fee : () -> (nat) query;",
      "  icrc1_metadata : () -> (vec record { text; Value }) query;",
      "  icrc1_total_supply : () -> (nat) query;",
      "  icrc1_minting_account : () -> (opt Account) query;",
      "  icrc1_balance_of : (Account) -> (nat) query;",
      "  icrc1_transfer : (TransferArgs) -> (variant { Ok : nat; Err : TransferError; });",
      "  icrc1_supported_standards : () -> (vec record { name : text; url : text }) query;",
      "  icrc2_approve : (ApproveArgs) -> (variant { Ok : nat; Err : ApproveError });",
      "  icrc2_transfer_from : (TransferFromArgs) -> (variant { Ok : nat; Err : TransferFromError });",
      "  icrc2_allowance : (AllowanceArgs) -> (Allowance) query;",
      "  icrc3_get_blocks : (GetBlocksArgs) -> (GetBlocksResult) query;",
      "  icrc3_get_tip_certificate : () -> (opt DataCertificate) query;",
      "  icrc3_supported_block_types : () -> (vec record { block_type : text; url : text }) query;",
      "}");

  static final List<DidMethod> METHODS = List.of(
      new DidMethod("icrc1_name", List.of(), List.of(String.class)),
      new DidMethod("icrc1_symbol", List.of(), List.of(String.class)),
      new DidMethod("icrc1_decimals", List.of(), List.of(CandidText.parseType("nat8"))),
      new DidMethod("icrc1_fee", List.of(), List.of(java.math.BigInteger.class)),
      new DidMethod("icrc1_metadata", List.of(), List.of(new TypeRef<List<Icrc1.MetadataEntry>>() {}.type())),
      new DidMethod("icrc1_total_supply", List.of(), List.of(java.math.BigInteger.class)),
      new DidMethod("icrc1_minting_account", List.of(), List.of(new TypeRef<Optional<Account>>() {}.type())),
      new DidMethod("icrc1_balance_of", List.of(Account.class), List.of(java.math.BigInteger.class)),
      new DidMethod("icrc1_transfer", List.of(Icrc1.TransferArg.class), List.of(Icrc1.TransferResult.class)),
      new DidMethod("icrc1_supported_standards", List.of(), List.of(new TypeRef<List<Icrc1.StandardRecord>>() {}.type())),
      new DidMethod("icrc2_approve", List.of(Icrc2.ApproveArgs.class), List.of(Icrc2.ApproveResult.class)),
      new DidMethod("icrc2_transfer_from", List.of(Icrc2.TransferFromArgs.class), List.of(Icrc2.TransferFromResult.class)),
      new DidMethod("icrc2_allowance", List.of(Icrc2.AllowanceArgs.class), List.of(Icrc2.Allowance.class)),
      new DidMethod("icrc3_get_blocks", List.of(new TypeRef<List<Icrc3.BlockRange>>() {}.type()), List.of(Icrc3.GetBlocksResult.class)),
      new DidMethod("icrc3_get_tip_certificate", List.of(), List.of(new TypeRef<Optional<Icrc3.DataCertificate>>() {}.type())),
      new DidMethod("icrc3_supported_block_types", List.of(), List.of(new TypeRef<List<Icrc3.SupportedBlockType>>() {}.type())));

  @TestFactory
  Stream<DynamicTest> icrcMethods_matchTheStandards() {
    DidFile did = DidFile.parse(STANDARD);
    LedgerCanister canister = new LedgerCanister(new Ledger(LedgerConfig.icp(
        Account.of(org.jicp.nns.NnsCanisterIds.GOVERNANCE.principal()), java.util.Map.of(), 0)));
    return METHODS.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
      CandidType.Func f = m.assertCompatibleWith(did);
      assertThat(canister.hasMethod(m.name())).isTrue();
      assertThat(canister.isQuery(m.name())).isEqualTo(f.isQuery());
    }));
  }

  @TestFactory
  Stream<DynamicTest> negativeControl_anIncompatibleTypeIsDetected() {
    DidFile did = DidFile.parse(STANDARD);
    return Stream.of(DynamicTest.dynamicTest("icrc1_balance_of returning int64", () ->
        assertThat(CandidTypes.isSubtype(List.of(CandidText.parseType("int64")), did.method("icrc1_balance_of").orElseThrow().results()))
            .isFalse()));
  }
}
