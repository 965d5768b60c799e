package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DidFileTest {
  @Test
  void read_nnsGovernance_parsesAllTypesAndTheServiceConstructor() {
    DidFile did = DidFile.read(SharedMaterial.candidVectors().resolve("did/nns-governance.did"));
    assertThat(did.types().names()).hasSize(140).contains("Governance", "Neuron");
    assertThat(did.initArgs()).hasValueSatisfying(a -> assertThat(a).hasSize(1));
    assertThat(did.initArgs().get().get(0)).isEqualTo(did.types().ref("Governance"));
    CandidType.Service s = did.service().orElseThrow();
    assertThat(s.methods()).hasSizeGreaterThan(20);
    assertThat(did.method("get_neuron_info")).isPresent();
    // The description prints and parses back to the same interface.
    DidFile again = DidFile.parse(did.toString());
    assertThat(again.types().names()).isEqualTo(did.types().names());
    for (String n : did.types().names()) {
      assertThat(CandidTypes.equivalent(again.types().ref(n), did.types().ref(n))).as(n).isTrue();
    }
    assertThat(CandidTypes.equivalent(again.service().orElseThrow(), s)).isTrue();
  }

  @Test
  void read_motokoCanisterInterfaces_parseAndAgreeAcrossCompilers() throws IOException {
    Path out = SharedMaterial.harness().resolve("motoko/out");
    List<Path> files;
    try (Stream<Path> s = Files.walk(out)) {
      files = s.filter(p -> p.toString().endsWith(".did")).sorted().toList();
    }
    assertThat(files).hasSize(10);
    for (Path f : files) {
      DidFile did = DidFile.read(f);
      assertThat(did.service()).as(f.toString()).isPresent();
      DidFile other =
          DidFile.read(out.resolve(f.getParent().getFileName().toString().equals("wasm32")
              ? "wasm64" : "wasm32").resolve(f.getFileName()));
      // The wasm64 files only add argument names, which carry no meaning.
      assertThat(CandidTypes.equivalent(did.service().get(), other.service().get())).isTrue();
    }
    DidFile counter = DidFile.read(out.resolve("wasm32/counter.did"));
    assertThat(counter.method("get").orElseThrow()).isEqualTo(CandidText.parseSignature(
        "() -> (nat) query", TypeEnv.empty()));
  }

  @Test
  void parse_managementCanisterExcerpt_resolvesNamesAndFunctionsInRecords() {
    DidFile did = DidFile.parse(ManagementCanisterExcerpt.DID);
    CandidType.Service ic = did.service().orElseThrow();
    assertThat(ic.methods()).extracting(CandidType.Method::name)
        .contains("create_canister", "install_code", "http_request", "raw_rand", "canister_status");
    CandidType.Func status = did.method("canister_status").orElseThrow();
    assertThat(status.results()).hasSize(1);
    CandidType.Record args = (CandidType.Record) did.type("http_request_args").orElseThrow();
    CandidType transform =
        ((CandidType.Opt) args.field("transform").orElseThrow().type()).inner().resolve();
    CandidType function = ((CandidType.Record) transform).field("function").orElseThrow().type();
    assertThat(function).isInstanceOf(CandidType.Func.class);
    assertThat(((CandidType.Func) function).isQuery()).isTrue();
    assertThat(did.method("fetch_canister_logs").orElseThrow().isQuery()).isTrue();
  }

  @Test
  void parse_commentsAndShorthands_areUnderstood() {
    DidFile did = DidFile.parse("""
        /* block /* nested */ comment */
        type color = variant { red; green; "blue"; 7 }; // enum shorthand
        type pair = record { nat; text };               // tuple shorthand
        type named = record { 0x10 : nat; "quoted name" : bool; after : int };
        type f = func (a : nat, b : text) -> (r : bool) query;
        service : {
          paint : (color) -> () oneway;
          "odd name" : f;
        }
        """);
    CandidType.Variant color = (CandidType.Variant) did.type("color").orElseThrow();
    assertThat(color.cases()).hasSize(4)
        .allSatisfy(c -> assertThat(c.type()).isEqualTo(CandidType.NULL));
    assertThat(did.type("pair").orElseThrow())
        .isEqualTo(CandidType.tuple(CandidType.NAT, CandidType.TEXT));
    CandidType.Record named = (CandidType.Record) did.type("named").orElseThrow();
    assertThat(named.fields()).extracting(f -> f.label().id())
        .contains(16L, Label.hash("quoted name"), Label.hash("after"));
    assertThat(did.method("odd name").orElseThrow().args()).hasSize(2);
    assertThat(did.method("paint").orElseThrow().modes()).containsExactly(
        CandidType.FuncMode.ONEWAY);
  }

  @Test
  void parse_cyclicDefinition_isRejected() {
    assertThatThrownBy(() -> DidFile.parse("type A = B; type B = A;"))
        .isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("cyclic type definition");
  }

  @Test
  void parse_undefinedName_isRejectedWithItsPosition() {
    assertThatThrownBy(() -> DidFile.parse("type A = record {\n  x : Missing };"))
        .isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("2:7")
        .hasMessageContaining("Missing");
  }

  @Test
  void parse_duplicateFieldHash_isRejected() {
    assertThatThrownBy(() -> DidFile.parse("type A = record { a : nat; a : text };"))
        .isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("same id");
  }

  @Test
  void parse_methodThatIsNotAFunction_isRejected() {
    assertThatThrownBy(() -> DidFile.parse("type t = nat; service : { m : t }"))
        .isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("not a function");
  }

  @Test
  void parse_onewayWithResults_isRejected() {
    assertThatThrownBy(() -> DidFile.parse("service : { m : () -> (nat) oneway }"))
        .isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("oneway");
  }

  @Test
  void parse_syntaxError_namesLineAndColumn() {
    assertThatThrownBy(() -> DidFile.parse("type A = record {\n  x : nat\n  y : nat };"))
        .isInstanceOf(MalformedCandidException.class)
        .hasMessageStartingWith("3:3:")
        .hasMessageContaining("expected ';' or '}'");
  }

  @Test
  void read_imports_includeDefinitionsAndMergeImportedServices(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("a.did"), """
        type A = service { f : () -> () };
        service : A
        """);
    Files.writeString(dir.resolve("b.did"), """
        import service "a.did";
        type B = record { a : A };
        service : { g : () -> (B) }
        """);
    DidFile b = DidFile.read(dir.resolve("b.did"));
    assertThat(b.types().names()).containsExactly("A", "B");
    assertThat(b.service().orElseThrow().methods()).extracting(CandidType.Method::name)
        .containsExactly("f", "g");
  }

  @Test
  void read_importCycle_isRejected(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.did"), "import \"b.did\";");
    Files.writeString(dir.resolve("b.did"), "import \"a.did\";");
    assertThatThrownBy(() -> DidFile.read(dir.resolve("a.did")))
        .isInstanceOf(InvalidTypeException.class)
        .hasMessageContaining("import cycle");
  }
}
