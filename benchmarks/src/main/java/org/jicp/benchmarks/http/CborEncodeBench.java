package org.jicp.benchmarks.http;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.replica.http.CborValues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CBOR of a signed query answer ({@code status}, {@code reply.arg}, one node signature with
 * timestamp and identity): {@link CborValues#encode}, the writer the HTTP interface answers with,
 * beside its peer, a Jackson {@link CBORGenerator} writing the same value as {@code encode} did
 * before (one generator per answer).
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CborEncodeBench {
  private static final CBORFactory JACKSON = CBORFactory.builder().build();
  private final Map<String, Object> answer = queryAnswer();

  private static Map<String, Object> queryAnswer() {
    Map<String, Object> sig = new LinkedHashMap<>();
    sig.put("timestamp", 1_765_000_000_000_000_000L);
    sig.put("signature", Bytes.of(new byte[64]));
    sig.put("identity", Bytes.of(new byte[29]));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "replied");
    m.put("reply", Map.of("arg", Bytes.of(new byte[] {'D', 'I', 'D', 'L', 0, 1, 0x7d, 42})));
    m.put("signatures", List.of(sig));
    return m;
  }

  @Benchmark
  public byte[] encodeCborValues() {
    return CborValues.encode(answer);
  }

  @Benchmark
  public byte[] encodeJacksonGenerator() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (CBORGenerator g = (CBORGenerator) JACKSON.createGenerator(out)) {
      g.writeTag(55799);
      write(g, answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(CBORGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray(l, l.size());
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Bytes b) {
      g.writeBinary(b.toByteArray());
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long x) {
      g.writeNumber(x);
    } else if (v instanceof BigInteger n) {
      g.writeNumber(n);
    } else {
      throw new IllegalArgumentException("cannot encode " + v);
    }
  }
}
