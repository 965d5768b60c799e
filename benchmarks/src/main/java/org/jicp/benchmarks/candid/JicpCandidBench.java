package org.jicp.benchmarks.candid;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * jicp's Candid through its Java mapping ({@link CandidMapper}): a record of 10 fields in a vec of
 * 100 ({@code record { items : vec Item }}), and a 1 MiB blob. Peer: {@link Ic4jCandidBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JicpCandidBench {
  /** One record of 10 fields. */
  public record Item(
      BigInteger id,
      String name,
      @CandidAs("nat64") long amount,
      int count,
      boolean active,
      double score,
      Principal owner,
      Optional<String> memo,
      byte[] hash,
      List<String> tags) {}

  /** The argument: the 100 records. */
  public record Batch(List<Item> items) {}

  private final CandidMapper mapper = CandidMapper.standard();
  private Batch batch;
  private byte[] batchMessage;
  private byte[] blob;
  private byte[] blobMessage;

  @Setup
  public void setup() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < CandidBenchData.ITEMS; i++) {
      CandidBenchData.Fields f = CandidBenchData.item(i);
      items.add(new Item(BigInteger.valueOf(f.id()), f.name(), f.amount(), f.count(), f.active(),
          f.score(), Principal.fromBytes(f.owner()), Optional.ofNullable(f.memo()), f.hash(),
          List.of(f.tags())));
    }
    batch = new Batch(items);
    batchMessage = mapper.encode(batch);
    blob = CandidBenchData.blob();
    blobMessage = mapper.encodeAs(byte[].class, blob);
    Batch back = mapper.decode(batchMessage, Batch.class);
    if (back.items().size() != CandidBenchData.ITEMS
        || !Arrays.equals(back.items().get(7).hash(), items.get(7).hash())
        || !back.items().get(7).name().equals(items.get(7).name())
        || !Arrays.equals(mapper.decode(blobMessage, byte[].class), blob)) {
      throw new IllegalStateException("jicp round trip failed");
    }
  }

  /** Encodes the 100 records. */
  @Benchmark
  public byte[] encodeRecord() {
    return mapper.encode(batch);
  }

  /** Decodes the 100 records. */
  @Benchmark
  public Batch decodeRecord() {
    return mapper.decode(batchMessage, Batch.class);
  }

  /** Encodes a 1 MiB blob. */
  @Benchmark
  public byte[] encodeBlob1MiB() {
    return mapper.encodeAs(byte[].class, blob);
  }

  /** Decodes a 1 MiB blob. */
  @Benchmark
  public byte[] decodeBlob1MiB() {
    return mapper.decode(blobMessage, byte[].class);
  }

  /** The size of the record message, for the README. */
  public int recordMessageSize() {
    return batchMessage.length;
  }
}
