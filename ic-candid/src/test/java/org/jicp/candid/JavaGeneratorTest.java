package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jicp.candid.actor.ActorInterface;
import org.jicp.candid.codegen.JavaGenerator;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JavaGenerator}: the sources it writes compile (javax.tools), and the Java types map back
 * to the {@code .did} file's types: the service interface's Candid service and each named type's
 * record/variant are subtypes of the file's, both ways (Candid subtyping, so equivalent).
 */
class JavaGeneratorTest {
  /** Every construct the generator handles, in one file that lives in this test. */
  static final String ALL = """
      type Tree = variant { leaf : int; node : record { left : Tree; right : Tree } };
      type List = opt record { head : nat; tail : List };
      type Color = variant { red; green; blue; "hot-pink" };
      type Keywords = record { class : text; "default" : nat8; hashCode : nat16; _1_ : nat32 };
      type Account = record { owner : principal; subaccount : opt blob };
      type Tuple = record { nat64; text; opt vec int64 };
      type Numbered = record { 5 : bool; 7 : float32; x : float64 };
      type Result = variant { Ok : nat64; Err : TransferError; Result : null };
      type TransferError = variant {
        BadFee : record { expected_fee : nat };
        TooOld;
        Generic : record { error_code : nat; message : text };
        Empty : record {};
      };
      type Callback = func (nat) -> (text) query;
      type Other = service { ping : () -> () };
      type Alias = vec Account;
      type String = record { s : text };
      service : (record { init : opt nat }) -> {
        get : () -> (nat) query;
        inc : (nat64) -> (Result);
        transfer : (record { to : Account; amount : nat; memo : opt blob }) -> (Result);
        "tree-depth" : (Tree, List) -> (nat32) composite_query;
        tell : (text) -> () oneway;
        pair : () -> (nat, text, vec record { int; Color });
        all : (Keywords, Tuple, Numbered, Alias, String) -> (reserved);
        refs : (Callback, Other) -> (opt Callback);
        colors : (vec Color) -> (vec Color) query;
        hashCode : () -> ();
      }
      """;

  @TempDir Path tmp;

  /** Generates, compiles and checks one file; returns the number of methods checked. */
  private int check(DidFile did, String pkg, String service) throws Exception {
    Map<String, String> files = JavaGenerator.generate(did, pkg, service);
    Path src = tmp.resolve("src-" + pkg);
    Path dir = src.resolve(pkg.replace('.', '/'));
    Files.createDirectories(dir);
    List<String> args = new ArrayList<>(List.of("-d", tmp.resolve("out-" + pkg).toString(),
        "-cp", location(CandidMapper.class) + java.io.File.pathSeparator
            + location(Principal.class), "-Xlint:none", "-proc:none"));
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.writeString(p, e.getValue());
      args.add(p.toString());
    }
    // javax.tools through reflection: the test is compiled into module org.jicp.candid, which
    // does not read java.compiler (it runs on the class path)
    Object javac = Class.forName("javax.tools.ToolProvider")
        .getMethod("getSystemJavaCompiler").invoke(null);
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int rc = (int) Class.forName("javax.tools.Tool").getMethod("run", java.io.InputStream.class,
        java.io.OutputStream.class, java.io.OutputStream.class, String[].class)
        .invoke(javac, null, null, err, args.toArray(String[]::new));
    assertThat(rc).as("javac of %s:\n%s", pkg, err).isZero();

    try (URLClassLoader cl = new URLClassLoader(
        new URL[] {tmp.resolve("out-" + pkg).toUri().toURL()}, getClass().getClassLoader())) {
      int checked = 0;
      if (did.service().isPresent()) {
        Class<?> iface = cl.loadClass(pkg + "." + service);
        CandidType.Service javaSide = ActorInterface.of(iface).type();
        CandidType.Service didSide = did.service().get();
        assertThat(CandidTypes.isSubtype(javaSide, didSide)).as("%s <: did", pkg).isTrue();
        assertThat(CandidTypes.isSubtype(didSide, javaSide)).as("did <: %s", pkg).isTrue();
        assertThat(javaSide.methods()).hasSameSizeAs(didSide.methods());
        checked += didSide.methods().size();
      }
      CandidMapper mapper = CandidMapper.withTypes(did.types());
      for (String name : did.types().names()) {
        CandidType t = did.type(name).orElseThrow().resolve();
        if (!(t instanceof CandidType.Record || t instanceof CandidType.Variant)) {
          continue;
        }
        String javaName = JavaGeneratorNames.typeName(name);
        if (!files.containsKey(javaName + ".java")) {
          continue;   // an alias of another named type
        }
        CandidType j = mapper.typeOf(cl.loadClass(pkg + "." + javaName));
        assertThat(CandidTypes.isSubtype(j, t)).as("%s.%s <: did", pkg, name).isTrue();
        assertThat(CandidTypes.isSubtype(t, j)).as("did <: %s.%s", pkg, name).isTrue();
      }
      return checked;
    }
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void generate_everyConstruct_compilesAndMapsBothWays() throws Exception {
    DidFile did = DidFile.parse(ALL);
    assertThat(check(did, "gen.all", "All")).isEqualTo(10);
    Map<String, String> files = JavaGenerator.generate(did, "gen.all", "All");
    System.out.println(files.get("All.java"));
    assertThat(files.get("Color.java")).contains("public enum Color").contains("red,")
        .contains("@org.jicp.candid.mapping.CandidName(\"hot-pink\") HotPink");
    assertThat(files.get("TransferError.java")).contains("public sealed interface TransferError")
        .contains("record TooOld() implements TransferError");
    assertThat(files.get("Keywords.java")).contains("String class_")
        .contains("@org.jicp.candid.mapping.CandidAs(\"nat8\") byte default_");
    assertThat(files.get("All.java"))
        .contains("@org.jicp.candid.actor.CandidMethod(\"tree-depth\")")
        .contains("@org.jicp.candid.actor.CompositeQuery")
        .contains("@org.jicp.candid.actor.OneWay")
        .contains("@org.jicp.candid.actor.ResultTuple");
  }

  @Test
  void generate_harnessDidFiles_compileAndMapBothWays() throws Exception {
    Path harness = SharedMaterial.harness();
    List<Path> dids;
    try (Stream<Path> s = Files.walk(harness.resolve("motoko/out"))) {
      dids = s.filter(p -> p.toString().endsWith(".did")).sorted().toList();
    }
    int methods = 0;
    for (Path p : dids) {
      String base = p.getFileName().toString().replace(".did", "");
      String pkg = "gen." + p.getParent().getFileName() + "." + base.replace('-', '_');
      methods += check(DidFile.read(p), pkg, JavaGeneratorNames.typeName(base));
    }
    System.out.println("harness .did files: " + dids.size() + ", methods: " + methods);
    assertThat(dids).hasSize(10);   // 5 Motoko canisters, wasm32 and wasm64
    assertThat(methods).isGreaterThanOrEqualTo(10 * 2);
  }

  @Test
  void generate_nnsGovernanceAndIcrcDidFiles_compileAndMapBothWays() throws Exception {
    Path candid = SharedMaterial.candidVectors();
    int methods = check(DidFile.read(candid.resolve("did/nns-governance.did")),
        "gen.governance", "NnsGovernance");
    System.out.println("nns-governance.did methods: " + methods);
    assertThat(methods).isEqualTo(DidFile.read(candid.resolve("did/nns-governance.did"))
        .service().orElseThrow().methods().size()).isGreaterThan(20);
    int icrc = 0;
    for (String f : List.of("ICRC-1", "ICRC-2", "ICRC-3")) {
      icrc += check(DidFile.read(candid.resolve("ledger/" + f + ".did")),
          "gen." + f.toLowerCase().replace('-', '_'), JavaGeneratorNames.typeName(f));
    }
    System.out.println("ICRC-1/2/3 methods: " + icrc);
    assertThat(icrc).isGreaterThan(10);
  }

  @Test
  void write_toADirectory_filesInPackageDirs() throws IOException {
    Path did = tmp.resolve("my-counter.did");
    Files.writeString(did, "service : { inc : () -> (); get : () -> (nat) query }");
    List<Path> written = JavaGenerator.write(did, "com.example", tmp.resolve("out"));
    assertThat(written).containsExactly(tmp.resolve("out/com/example/MyCounter.java"));
    assertThat(Files.readString(written.get(0))).contains("public interface MyCounter")
        .contains("@org.jicp.candid.actor.Query\n  java.math.BigInteger get();");
  }
}
