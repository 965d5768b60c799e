package org.jicp.candid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The official Candid conformance suite, read in place from {@code
 * ../shared/vectors/candid/test/*.test.did} (grammar in its README): every {@code assert} is one
 * dynamic test. Inputs decode (binary) or parse (text) at the asserted types; a passing decode
 * must also survive encode → decode at the same types. Counts per file are printed at the end.
 */
class ConformanceTest {
  /** Cases skipped on purpose, by "file:line", with the reason (also listed in the README). */
  static final Map<String, String> SKIPPED = Map.of();

  /** The suite's {@code *.test.did} files, as published. */
  static final int SUITE_FILES = 6;

  /**
   * The suite's test cases (the README's table): {@code grep -c '^assert'} counts 471, four of
   * which are the {@code XX} examples inside the block comment of {@code subtypes.test.did}.
   */
  static final int SUITE_ASSERTS = 467;

  private static final Map<String, int[]> COUNTS = new ConcurrentHashMap<>();

  @TestFactory
  Stream<DynamicNode> conformanceSuite() throws IOException {
    Path dir = SharedMaterial.candidVectors().resolve("test");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test.did")).sorted().toList();
    }
    // The suite as published: a file emptied or dropped must fail, not pass with fewer cases.
    assertEquals(SUITE_FILES, files.size(), "conformance files in " + dir);
    List<DynamicNode> containers = new ArrayList<>();
    int asserts = 0;
    for (Path f : files) {
      List<DynamicNode> cs = cases(f);
      asserts += cs.size();
      containers.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), cs.stream()));
    }
    assertEquals(SUITE_ASSERTS, asserts, "assert lines read from " + dir);
    return containers.stream();
  }

  private List<DynamicNode> cases(Path file) throws IOException {
    String name = file.getFileName().toString();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    TestFile tf = TestFile.parse(text);
    TypeEnv env = DidFile.parse(tf.definitions()).types();
    COUNTS.put(name, new int[3]);
    List<DynamicNode> tests = new ArrayList<>();
    for (TestFile.Assert a : tf.asserts()) {
      String id = name + ":" + a.line();
      String title = a.line() + " " + a.describe();
      tests.add(DynamicTest.dynamicTest(title, () -> run(name, id, a, env)));
    }
    return tests;
  }

  private static void run(String file, String id, TestFile.Assert a, TypeEnv env) {
    int[] c = COUNTS.get(file);
    String skip = SKIPPED.get(id);
    if (skip != null) {
      synchronized (c) {
        c[2]++;
      }
      Assumptions.assumeTrue(false, "skipped: " + skip);
    }
    boolean ok = false;
    try {
      check(a, env);
      ok = true;
    } finally {
      synchronized (c) {
        c[ok ? 0 : 1]++;
      }
    }
  }

  private static void check(TestFile.Assert a, TypeEnv env) {
    List<CandidType> types = CandidText.parseArgTypes(a.types(), env);
    switch (a.kind()) {
      case DECODES -> {
        List<CandidValue> v = read(a.left(), types, env);
        roundTrip(types, v);
      }
      case FAILS -> {
        List<CandidValue> v;
        try {
          v = read(a.left(), types, env);
        } catch (CandidException expected) {
          if (Boolean.getBoolean("candid.conformance.verbose")) {
            System.out.println("rejected as expected (" + a.line() + " " + a.description() + "): "
                + expected.getClass().getSimpleName() + ": " + expected.getMessage());
          }
          return;
        }
        fail("expected the input to be rejected at " + a.types() + ", but it read as "
            + CandidText.printArgs(v));
      }
      case EQUAL -> {
        List<CandidValue> l = read(a.left(), types, env);
        List<CandidValue> r = read(a.right(), types, env);
        assertEquals(CandidText.printArgs(r), CandidText.printArgs(l));
        assertEquals(r, l);
        roundTrip(types, l);
        roundTrip(types, r);
      }
      case NOT_EQUAL -> {
        List<CandidValue> l = read(a.left(), types, env);
        List<CandidValue> r = read(a.right(), types, env);
        assertNotEquals(r, l);
      }
    }
  }

  private static List<CandidValue> read(TestFile.Input in, List<CandidType> types, TypeEnv env) {
    if (in.blob() != null) {
      return CandidDecoder.standard().decode(in.blob(), types);
    }
    return CandidText.parseArgs(in.text(), types, env);
  }

  private static void roundTrip(List<CandidType> types, List<CandidValue> values) {
    byte[] bytes = CandidEncoder.encode(types, values);
    List<CandidValue> again = CandidDecoder.standard().decode(bytes, types);
    assertEquals(values, again, "encode → decode at the same types");
    List<CandidValue> fromText = CandidText.parseArgs(CandidText.printArgs(values), types);
    assertEquals(values, fromText, "print → parse at the same types");
  }

  @AfterAll
  static void report() {
    if (COUNTS.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("\nCandid conformance (passed / failed / skipped):\n");
    int[] total = new int[3];
    for (Map.Entry<String, int[]> e : new TreeMap<>(COUNTS).entrySet()) {
      int[] c = e.getValue();
      sb.append(String.format("  %-22s %4d / %4d / %4d%n", e.getKey(), c[0], c[1], c[2]));
      for (int i = 0; i < 3; i++) {
        total[i] += c[i];
      }
    }
    sb.append(String.format("  %-22s %4d / %4d / %4d%n", "total", total[0], total[1], total[2]));
    System.out.println(sb);
  }
}
