package org.jicp.nns.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.DidFile;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.testing.DidMethod;
import org.jicp.nns.testing.SharedMaterial;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every method the ledger canister serves, checked with Candid subtyping against the published
 * interfaces: the ICRC-1, ICRC-2 and ICRC-3 standards ({@code ../shared/vectors/candid/ledger/
 * ICRC-{1,2,3}.did}, as published by dfinity/ICRC-1) and the ICP ledger's own {@code ledger.did}
 * (dfinity/ic {@code rs/ledger_suite/icp/ledger.did}, copied to {@code src/test/resources/did/
 * icp-ledger.did} with its source commit). The published arguments must decode as jicp's, and
 * jicp's replies as the published results; the query/update kind must match.
 */
class LedgerInterfaceStandardTest {
  static Object t(String candid) {
    return CandidText.parseType(candid);
  }

  /** The ICRC methods jicp serves, keyed by the standard that defines them. */
  static final Map<String, List<DidMethod>> ICRC = Map.of(
      "ICRC-1", List.of(
          new DidMethod("icrc1_name", List.of(), List.of(String.class)),
          new DidMethod("icrc1_symbol", List.of(), List.of(String.class)),
          new DidMethod("icrc1_decimals", List.of(), List.of(t("nat8"))),
          new DidMethod("icrc1_fee", List.of(), List.of(BigInteger.class)),
          new DidMethod("icrc1_metadata", List.of(), List.of(new TypeRef<List<Icrc1.MetadataEntry>>() {}.type())),
          new DidMethod("icrc1_total_supply", List.of(), List.of(BigInteger.class)),
          new DidMethod("icrc1_minting_account", List.of(), List.of(new TypeRef<Optional<Account>>() {}.type())),
          new DidMethod("icrc1_balance_of", List.of(Account.class), List.of(BigInteger.class)),
          new DidMethod("icrc1_transfer", List.of(Icrc1.TransferArg.class), List.of(Icrc1.TransferResult.class)),
          new DidMethod("icrc1_supported_standards", List.of(),
              List.of(new TypeRef<List<Icrc1.StandardRecord>>() {}.type()))),
      "ICRC-2", List.of(
          new DidMethod("icrc2_approve", List.of(Icrc2.ApproveArgs.class), List.of(Icrc2.ApproveResult.class)),
          new DidMethod("icrc2_transfer_from", List.of(Icrc2.TransferFromArgs.class),
              List.of(Icrc2.TransferFromResult.class)),
          new DidMethod("icrc2_allowance", List.of(Icrc2.AllowanceArgs.class), List.of(Icrc2.Allowance.class))),
      "ICRC-3", List.of(
          new DidMethod("icrc3_get_blocks", List.of(new TypeRef<List<Icrc3.BlockRange>>() {}.type()),
              List.of(Icrc3.GetBlocksResult.class)),
          // Served, always the empty list: jicp's ledger never archives blocks.
          new DidMethod("icrc3_get_archives", List.of(Icrc3.GetArchivesArgs.class),
              List.of(new TypeRef<List<Icrc3.ArchiveInfo>>() {}.type())),
          new DidMethod("icrc3_get_tip_certificate", List.of(),
              List.of(new TypeRef<Optional<Icrc3.DataCertificate>>() {}.type())),
          new DidMethod("icrc3_supported_block_types", List.of(),
              List.of(new TypeRef<List<Icrc3.SupportedBlockType>>() {}.type()))));

  /** The ICP ledger's own (legacy) methods jicp serves. */
  static final List<DidMethod> ICP_LEGACY = List.of(
      new DidMethod("transfer", List.of(LegacyLedger.TransferArgs.class), List.of(LegacyLedger.TransferResult.class)),
      new DidMethod("account_balance", List.of(LegacyLedger.AccountBalanceArgs.class),
          List.of(LegacyLedger.Tokens.class)),
      new DidMethod("account_identifier", List.of(LedgerCanister.AccountArg.class), List.of(Bytes.class)),
      new DidMethod("transfer_fee", List.of(LedgerCanister.Empty.class), List.of(LegacyLedger.TransferFee.class)),
      new DidMethod("symbol", List.of(), List.of(LedgerCanister.SymbolRecord.class)),
      new DidMethod("name", List.of(), List.of(LedgerCanister.NameRecord.class)),
      new DidMethod("decimals", List.of(), List.of(LedgerCanister.DecimalsRecord.class)));

  /** Methods of the ICP {@code ledger.did} that jicp's ledger does not serve (the README says so). */
  static final Set<String> ICP_NOT_SERVED = Set.of(
      "query_blocks", "query_encoded_blocks", "archives", "send_dfx", "account_balance_dfx",
      "icrc21_canister_call_consent_message", "icrc10_supported_standards", "get_allowances",
      "icrc106_get_index_principal", "is_ledger_ready");

  static final LedgerCanister CANISTER = new LedgerCanister(new Ledger(LedgerConfig.icp(
      Account.of(NnsCanisterIds.GOVERNANCE.principal()), Map.of(), 0)));

  static DidFile standard(String name) {
    return DidFile.read(SharedMaterial.vector("candid/ledger/" + name + ".did"));
  }

  static DidFile icpLedger() {
    try (InputStream in = LedgerInterfaceStandardTest.class.getResourceAsStream("/did/icp-ledger.did")) {
      assertThat(in).as("test resource did/icp-ledger.did").isNotNull();
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DynamicTest check(String source, DidFile did, DidMethod m) {
    return DynamicTest.dynamicTest(source + ": " + m.name(), () -> {
      CandidType.Func f = m.assertCompatibleWith(did);
      assertThat(CANISTER.hasMethod(m.name())).as("%s is served", m.name()).isTrue();
      assertThat(CANISTER.isQuery(m.name())).as("%s is a query", m.name()).isEqualTo(f.isQuery());
    });
  }

  @TestFactory
  Stream<DynamicTest> icrcMethods_matchTheStandardsDidFiles() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String std : List.of("ICRC-1", "ICRC-2", "ICRC-3")) {
      DidFile did = standard(std);
      for (DidMethod m : ICRC.get(std)) {
        tests.add(check(std + ".did", did, m));
      }
      // Every method of the standard is served.
      Set<String> published = new TreeSet<>(did.service().orElseThrow().methods().stream().map(CandidType.Method::name).toList());
      Set<String> ours = new TreeSet<>(ICRC.get(std).stream().map(DidMethod::name).toList());
      if (!std.equals("ICRC-1")) {
        published.removeIf(n -> n.startsWith("icrc1_")); // ICRC-2 repeats icrc1_supported_standards
      }
      assertThat(ours).as("methods of %s", std).isEqualTo(published);
    }
    assertThat(tests).hasSize(10 + 3 + 4);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> icpLedgerMethods_matchTheIcpLedgerDid() {
    DidFile did = icpLedger();
    List<DynamicTest> tests = new ArrayList<>();
    for (DidMethod m : ICP_LEGACY) {
      tests.add(check("ledger.did", did, m));
    }
    // The ICRC-1/2 methods as the ICP ledger publishes them (its own type names).
    for (String std : List.of("ICRC-1", "ICRC-2")) {
      for (DidMethod m : ICRC.get(std)) {
        tests.add(check("ledger.did", did, m));
      }
    }
    assertThat(tests).hasSize(7 + 10 + 3);
    return tests.stream();
  }

  @Test
  void servedMethods_areExactlyThePublishedOnesListed() {
    Set<String> listed = new TreeSet<>();
    ICRC.values().forEach(ms -> ms.forEach(m -> listed.add(m.name())));
    ICP_LEGACY.forEach(m -> listed.add(m.name()));
    assertThat(CANISTER.methodNames()).containsExactlyInAnyOrderElementsOf(listed);
    // Every ledger.did method is either served (and checked above) or listed as not served.
    Set<String> icp = new TreeSet<>(icpLedger().service().orElseThrow().methods().stream().map(CandidType.Method::name).toList());
    Set<String> unaccounted = new TreeSet<>(icp);
    unaccounted.removeAll(listed);
    unaccounted.removeAll(ICP_NOT_SERVED);
    assertThat(unaccounted).as("ledger.did methods neither served nor listed as not served").isEmpty();
    assertThat(icp).containsAll(ICP_NOT_SERVED);
  }

  @Test
  void icrc3GetArchives_alwaysEmpty() {
    assertThat(CANISTER.isQuery("icrc3_get_archives")).isTrue();
    // jicp keeps every block in the ledger: no archive canisters, so the list is always empty.
    assertThat(CANISTER.ledger().icrc3GetBlocks(List.of(new Icrc3.BlockRange(BigInteger.ZERO, BigInteger.TEN)))
        .archivedBlocks()).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> negativeControl_anIncompatibleTypeIsDetected() {
    DidFile did = standard("ICRC-1");
    return Stream.of(
        DynamicTest.dynamicTest("icrc1_balance_of returning int64", () ->
            assertThat(CandidTypes.isSubtype(List.of(CandidText.parseType("int64")),
                did.method("icrc1_balance_of").orElseThrow().results())).isFalse()),
        DynamicTest.dynamicTest("legacy transfer with a nat memo", () ->
            assertThat(CandidTypes.isSubtype(icpLedger().method("transfer").orElseThrow().args(),
                List.of(CandidText.parseType(
                    "record { memo : nat; amount : record { e8s : nat64 }; fee : record { e8s : nat64 };"
                        + " to : blob }")))).isFalse()));
  }
}
