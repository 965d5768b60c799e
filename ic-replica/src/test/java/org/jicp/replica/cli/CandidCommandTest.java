package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = JicpCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void encode_withTypes_printsTheHexOfTheMessage() {
    Result r = run("candid", "encode", "--type", "(nat, text)", "(3, \"hello\")");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("4449444c00027d7103" + "0568656c6c6f" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void encode_withoutTypes_usesDefaultTypes() {
    Result r = run("candid", "encode", "(42, opt true)");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("4449444c016e7e027c002a0101");
  }

  @Test
  void decode_withTypes_printsTheValuesOnOneLine() {
    Result r = run("candid", "decode", "--type", "(record { foo : int; bar : bool })",
        "4449444c016c02d3e3aa027e868eb7027c0100012a");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("(record { bar = true; foo = 42 })" + System.lineSeparator());
  }

  @Test
  void decode_withoutTypes_usesTheMessageTypes() {
    Result r = run("candid", "decode", "4449444c00027d710568656c6c6f");
    assertThat(r.code()).isNotZero();
    Result ok = run("candid", "decode", "4449444c00027d71030568656c6c6f");
    assertThat(ok.code()).isZero();
    assertThat(ok.out().strip()).isEqualTo("(3, \"hello\")");
  }

  @Test
  void roundTrip_encodeThenDecode_givesTheValuesBack() {
    String hex = run("candid", "encode", "--type", "(vec record { nat8; text }, opt principal)",
        "(vec { record { 1; \"\u2603\" } }, opt principal \"aaaaa-aa\")").out().strip();
    Result r = run("candid", "decode", "--type", "(vec record { nat8; text }, opt principal)", hex);
    assertThat(r.out().strip())
        .isEqualTo("(vec { record { 1; \"\\u{2603}\" } }, opt principal \"aaaaa-aa\")");
  }

  @Test
  void decode_atASupertype_appliesCoercion() {
    String hex = run("candid", "encode", "--type", "(record { a : nat; b : text })",
        "(record { a = 1; b = \"x\" })").out().strip();
    Result r = run("candid", "decode", "--type", "(record { a : int; c : opt nat })", hex);
    assertThat(r.out().strip()).isEqualTo("(record { a = 1; c = null })");
  }

  @Test
  void didFile_namesTypesForTypeOption(@TempDir Path dir) throws IOException {
    Path did = dir.resolve("t.did");
    Files.writeString(did, "type point = record { x : int; y : int };");
    String hex = run("candid", "encode", "--did", did.toString(), "--type", "(point)",
        "(record { x = 1; y = -1 })").out().strip();
    Result r = run("candid", "decode", "--did", did.toString(), "--type", "(point)", hex);
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("(record { x = 1; y = -1 })");
  }

  @Test
  void malformedText_exitsWithTwoAndOneLineNamingThePosition() {
    Result r = run("candid", "encode", "--type", "(nat)", "(record { a = 1 )");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).isEqualTo("error: 1:17: expected ';' or '}', found ')'");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void malformedMessage_exitsWithTwoNamingTheByteOffset() {
    Result r = run("candid", "decode", "--type", "(bool)", "4449444c00017e02");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: at byte 7: a bool is 0 or 1, got 2");
  }

  @Test
  void malformedHex_exitsWithTwo() {
    Result r = run("candid", "decode", "4449444cZZ");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: hex text has a non-hex character 'Z' at position 8");
  }

  @Test
  void valueOfTheWrongType_exitsWithTwo() {
    Result r = run("candid", "encode", "--type", "(nat)", "(-1)");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: 1:2: -1 is out of the range of nat");
  }

  @Test
  void spaceBomb_exitsWithTwoInsteadOfRunningOutOfMemory() {
    Result r = run("candid", "decode", "4449444c016d7f010080949ddc03");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("exceeds the decoding budget");
  }

  @Test
  void java_didFile_writesSourcesAndPrintsTheirPaths(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path tmp) throws java.io.IOException {
    java.nio.file.Path did = tmp.resolve("counter.did");
    java.nio.file.Files.writeString(did, "type Account = record { owner : principal; n : nat64 };"
        + " service : { inc : (Account) -> (); get : () -> (nat) query }");
    Result r = run("candid", "java", did.toString(), "--package", "com.example",
        "--out", tmp.resolve("src").toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).containsExactly(
        tmp.resolve("src/com/example/Account.java").toString(),
        tmp.resolve("src/com/example/Counter.java").toString());
    assertThat(java.nio.file.Files.readString(tmp.resolve("src/com/example/Counter.java")))
        .contains("public interface Counter").contains("void inc(Account arg0);");
  }

  @Test
  void java_badPackage_oneLineErrorExit2(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws java.io.IOException {
    java.nio.file.Path did = tmp.resolve("counter.did");
    java.nio.file.Files.writeString(did, "service : { get : () -> (nat) query }");
    Result r = run("candid", "java", did.toString(), "--package", "com.class", "--out",
        tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: not a Java package name: com.class");
  }
}
