package org.jicp.benchmarks.candid;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ic4j.candid.annotations.Field;
import org.ic4j.candid.annotations.Name;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.pojo.PojoDeserializer;
import org.ic4j.candid.pojo.PojoSerializer;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The peer of {@link JicpCandidBench}: {@code org.ic4j:ic4j-candid} 0.7.2 with its POJO mapping
 * ({@link PojoSerializer}, {@link PojoDeserializer}), on the same values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ic4jCandidBench {
  /** One record of 10 fields, as an IC4J POJO. */
  public static class Item {
    @Field(Type.NAT)
    @Name("id")
    public BigInteger id;

    @Field(Type.TEXT)
    @Name("name")
    public String name;

    @Field(Type.NAT64)
    @Name("amount")
    public Long amount;

    @Field(Type.INT32)
    @Name("count")
    public Integer count;

    @Field(Type.BOOL)
    @Name("active")
    public Boolean active;

    @Field(Type.FLOAT64)
    @Name("score")
    public Double score;

    @Field(Type.PRINCIPAL)
    @Name("owner")
    public Principal owner;

    @Field(Type.TEXT)
    @Name("memo")
    public Optional<String> memo;

    @Field(Type.NAT8)
    @Name("hash")
    public byte[] hash;

    @Field(Type.TEXT)
    @Name("tags")
    public String[] tags;
  }

  /** The argument: the 100 records. */
  public static class Batch {
    @Field(Type.RECORD)
    @Name("items")
    public Item[] items;
  }

  private Batch batch;
  private byte[] batchMessage;
  private byte[] blob;
  private byte[] blobMessage;

  @Setup
  public void setup() {
    Item[] items = new Item[CandidBenchData.ITEMS];
    for (int i = 0; i < items.length; i++) {
      CandidBenchData.Fields f = CandidBenchData.item(i);
      Item it = new Item();
      it.id = BigInteger.valueOf(f.id());
      it.name = f.name();
      it.amount = f.amount();
      it.count = f.count();
      it.active = f.active();
      it.score = f.score();
      it.owner = Principal.from(f.owner());
      it.memo = Optional.ofNullable(f.memo());
      it.hash = f.hash();
      it.tags = f.tags();
      items[i] = it;
    }
    batch = new Batch();
    batch.items = items;
    batchMessage = encodeRecord();
    blob = CandidBenchData.blob();
    blobMessage = encodeBlob1MiB();
    Batch back = decodeRecord();
    if (back.items.length != CandidBenchData.ITEMS
        || !Arrays.equals(back.items[7].hash, items[7].hash)
        || !back.items[7].name.equals(items[7].name)
        || !Arrays.equals(unbox(decodeBlob1MiB()), blob)) {
      throw new IllegalStateException("ic4j round trip failed");
    }
  }

  /** Encodes the 100 records. */
  @Benchmark
  public byte[] encodeRecord() {
    IDLValue v = IDLValue.create(batch, new PojoSerializer());
    return IDLArgs.create(List.of(v)).toBytes();
  }

  /** Decodes the 100 records. */
  @Benchmark
  public Batch decodeRecord() {
    return IDLArgs.fromBytes(batchMessage).getArgs().get(0)
        .getValue(PojoDeserializer.create(), Batch.class);
  }

  /** Encodes a 1 MiB blob (IC4J needs the type {@code vec nat8} spelled out for a byte[]). */
  @Benchmark
  public byte[] encodeBlob1MiB() {
    return IDLArgs.create(List.of(IDLValue.create(blob, BLOB))).toBytes();
  }

  /** Decodes a 1 MiB blob; IC4J gives a {@code Byte[]}, measured as given (not unboxed). */
  @Benchmark
  public Byte[] decodeBlob1MiB() {
    return IDLArgs.fromBytes(blobMessage).getArgs().get(0).getValue();
  }

  private static final IDLType BLOB = IDLType.createType(Type.VEC, IDLType.createType(Type.NAT8));

  private static byte[] unbox(Byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i];
    }
    return out;
  }
}
