package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Candid messages recorded from real clients ({@code ../shared/harness/agent-js/recorded}):
 * the recorder answers calls with 202 and queries with 400, so the recordings hold the arguments
 * the clients sent, not replies. Every one is decoded at the method's types from the counter
 * canister's {@code .did}, and at its own types. The replies the harness README documents are
 * decoded at their result types.
 */
class HarnessRecordingsTest {
  private static final Pattern CALL =
      Pattern.compile("\"method_name\":\"([^\"]+)\",\"arg\":\\{\"hex\":\"([0-9a-f]+)\"\\}");

  @Test
  void recordedArguments_decodeAtTheCounterMethodTypes() throws IOException {
    Path harness = SharedMaterial.harness();
    DidFile counter = DidFile.read(harness.resolve("motoko/out/wasm32/counter.did"));
    List<Path> files;
    try (Stream<Path> s = Files.list(harness.resolve("agent-js/recorded"))) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertThat(files).as("recordings in agent-js/recorded").hasSize(3);
    List<String> seen = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        Matcher m = CALL.matcher(line);
        if (!m.find()) {
          continue;
        }
        String method = m.group(1);
        byte[] arg = HexFormat.of().parseHex(m.group(2));
        CandidType.Func sig = counter.method(method).orElseThrow();
        List<CandidValue> values = CandidDecoder.standard().decode(arg, sig.args());
        assertThat(values).hasSameSizeAs(sig.args());
        assertThat(CandidDecoder.standard().decode(arg).values()).isEqualTo(values);
        if (method.equals("greet")) {
          assertThat(((CandidValue.Text) values.get(0)).value()).isIn("agent-js", "ic4j");
        }
        seen.add(f.getFileName() + " " + method + " " + CandidText.printArgs(values));
      }
    }
    System.out.println("decoded " + seen.size() + " recorded Candid arguments, e.g. " + seen.get(
        seen.size() - 1));
    // agent-js anonymous 8, agent-js Ed25519 8, ic4j anonymous 4 calls with a Candid argument.
    assertThat(seen).as("recorded Candid arguments").hasSize(20);
    assertThat(seen).anyMatch(s -> s.contains("greet (\"agent-js\")"))
        .anyMatch(s -> s.contains("greet (\"ic4j\")"))
        .anyMatch(s -> s.contains("inc ()"));
  }

  @Test
  void documentedReplies_decodeAtTheirResultTypes() {
    // harness README: `get` after 3×inc replies DIDL 00 01 7d 03; raw hello_candid replies
    // DIDL 00 01 71 05 hello.
    DidFile counter =
        DidFile.read(SharedMaterial.harness().resolve("motoko/out/wasm32/counter.did"));
    byte[] get = HexFormat.of().parseHex("4449444c00017d03");
    assertThat(CandidDecoder.standard().decode(get, counter.method("get").orElseThrow().results()))
        .containsExactly(CandidValue.nat(3));
    byte[] hello = HexFormat.of().parseHex("4449444c00017105" + "68656c6c6f");
    assertThat(CandidDecoder.standard().decode(hello, CandidType.TEXT))
        .containsExactly(CandidValue.text("hello"));
  }
}
