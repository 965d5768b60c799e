package org.jicp.candid;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzz targets (Jazzer) for the decoders of untrusted Candid: the binary format
 * (untyped, and against a few expected types), the text format and {@code .did} files. The only
 * acceptable outcomes are a value or a {@link CandidException}; anything else (another exception,
 * a stack overflow, an allocation beyond the decoder's limits, a hang) is a finding.
 *
 * <p>The default build runs each target over its committed inputs ({@code
 * src/test/resources/org/jicp/candid/CandidFuzzTestInputs/<target>/}) plus Jazzer's own empty
 * input, in well under a second. {@code JAZZER_FUZZ=1 mvn -pl ic-candid -am verify
 * -Dtest=CandidFuzzTest} fuzzes each target for its {@code maxDuration} (see docs/fuzzing.md).
 */
class CandidFuzzTest {
  private static final List<List<CandidType>> EXPECTED = List.of(
      CandidText.parseArgTypes("(nat, text)"),
      CandidText.parseArgTypes("(vec record { a : int8; b : opt blob })"),
      CandidText.parseArgTypes("(variant { ok : nat64; err : text }, reserved)"),
      CandidText.parseArgTypes("(func (int) -> (), service { m : () -> () query }, principal)"));

  @FuzzTest(maxDuration = "60s")
  void candidBinary_anyBytes_valueOrCandidException(byte[] data) {
    try {
      DecodedArgs a = CandidDecoder.standard().decode(data);
      // What was accepted re-encodes and decodes to the same values.
      byte[] again = CandidEncoder.encode(a.types(), a.values());
      if (!CandidDecoder.standard().decode(again, a.types()).equals(a.values())) {
        throw new AssertionError("re-encoding changed the values of " + org.jicp.crypto.Bytes.hex(data));
      }
    } catch (CandidException expected) {
      // typed rejection
    }
    for (List<CandidType> t : EXPECTED) {
      try {
        CandidDecoder.standard().decode(data, t);
      } catch (CandidException expected) {
        // typed rejection
      }
    }
  }

  @FuzzTest(maxDuration = "60s")
  void candidText_anyString_valueOrCandidException(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      CandidText.parseArgs(text);
    } catch (CandidException expected) {
      // typed rejection
    }
    try {
      CandidText.parseType(text);
    } catch (CandidException expected) {
      // typed rejection
    }
  }

  @FuzzTest(maxDuration = "60s")
  void didFile_anyString_parsedOrCandidException(byte[] data) {
    try {
      DidFile.parse(new String(data, StandardCharsets.UTF_8));
    } catch (CandidException expected) {
      // typed rejection
    }
  }
}
