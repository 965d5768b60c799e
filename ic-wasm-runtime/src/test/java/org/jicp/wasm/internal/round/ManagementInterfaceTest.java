package org.jicp.wasm.internal.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.CandidValue;
import org.jicp.candid.DidFile;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.wasm.Engine;
import org.jicp.wasm.ManagementCalls;
import org.jicp.wasm.Subnet;
import org.jicp.wasm.execution.ManagementApi;
import org.junit.jupiter.api.Test;

/**
 * The management interface jicp serves, checked against the IC's {@code ic.did} (kept in the
 * module with its source): the served interface is {@code ic.did} minus the methods jicp does
 * not offer ({@link Management#UNSUPPORTED}), and each served method's Java types — the record
 * the executor decodes its argument as and the record (or {@code ic.did} type) it encodes its
 * reply with — give a function type that is a Candid subtype of the method's type in {@code
 * ic.did} (arguments contravariant, results covariant, same modes). Subtyping rather than
 * PocketIC's equality: a Java record may leave out fields of a result jicp never reads (e.g.
 * {@code ReadSnapshotMetadataResult} is exact, {@code CanisterStatusResult} is not used here), and
 * subtyping is exactly the condition under which every argument an IC client sends decodes and
 * every reply jicp sends decodes at the client's type. A second test runs every served method
 * with an argument built from {@code ic.did}'s type and decodes every reply at {@code ic.did}'s
 * result type, so the table below cannot drift from what the executor does.
 */
class ManagementInterfaceTest {
  private static final DidFile DID = did();
  private static final String DID_RESULT = "ic.did result type";

  /** Argument and result Java types of a served method ({@code null}: none, i.e. {@code ()}). */
  private record Sig(Type arg, Object result) {}

  /** What {@link Management} decodes and encodes for each served method. */
  private static final Map<String, Sig> SERVED = new LinkedHashMap<>();

  static {
    Type listSnapshots = new TypeRef<List<ManagementApi.Snapshot>>() {}.type();
    Type listChunks = new TypeRef<List<ManagementApi.ChunkHash>>() {}.type();
    SERVED.put("create_canister", new Sig(ManagementApi.CreateCanisterArgs.class,
        ManagementApi.CanisterIdResult.class));
    SERVED.put("update_settings", new Sig(ManagementApi.UpdateSettingsArgs.class, null));
    SERVED.put("upload_chunk", new Sig(ManagementApi.UploadChunkArgs.class,
        ManagementApi.ChunkHash.class));
    SERVED.put("clear_chunk_store", new Sig(ManagementApi.CanisterIdRecord.class, null));
    SERVED.put("stored_chunks", new Sig(ManagementApi.CanisterIdRecord.class, listChunks));
    SERVED.put("install_code", new Sig(ManagementApi.InstallCodeArgs.class, null));
    SERVED.put("install_chunked_code", new Sig(ManagementApi.InstallChunkedCodeArgs.class,
        null));
    SERVED.put("uninstall_code", new Sig(ManagementApi.UninstallCodeArgs.class, null));
    SERVED.put("start_canister", new Sig(ManagementApi.CanisterIdRecord.class, null));
    SERVED.put("stop_canister", new Sig(ManagementApi.CanisterIdRecord.class, null));
    SERVED.put("canister_status", new Sig(ManagementApi.CanisterIdRecord.class, DID_RESULT));
    SERVED.put("delete_canister", new Sig(ManagementApi.CanisterIdRecord.class, null));
    SERVED.put("deposit_cycles", new Sig(ManagementApi.CanisterIdRecord.class, null));
    SERVED.put("raw_rand", new Sig(null, DID_RESULT));
    SERVED.put("canister_info", new Sig(ManagementApi.CanisterInfoArgs.class, DID_RESULT));
    SERVED.put("subnet_info", new Sig(ManagementApi.SubnetInfoArgs.class,
        ManagementApi.SubnetInfoResult.class));
    SERVED.put("provisional_create_canister_with_cycles", new Sig(
        ManagementApi.ProvisionalCreateCanisterArgs.class, ManagementApi.CanisterIdResult.class));
    SERVED.put("provisional_top_up_canister", new Sig(ManagementApi.TopUpArgs.class, null));
    SERVED.put("take_canister_snapshot", new Sig(ManagementApi.TakeSnapshotArgs.class,
        ManagementApi.Snapshot.class));
    SERVED.put("load_canister_snapshot", new Sig(ManagementApi.LoadSnapshotArgs.class, null));
    SERVED.put("read_canister_snapshot_metadata", new Sig(ManagementApi.SnapshotArgs.class,
        ManagementApi.ReadSnapshotMetadataResult.class));
    SERVED.put("read_canister_snapshot_data", new Sig(ManagementApi.ReadSnapshotDataArgs.class,
        ManagementApi.ReadSnapshotDataResult.class));
    SERVED.put("upload_canister_snapshot_metadata", new Sig(
        ManagementApi.UploadSnapshotMetadataArgs.class,
        ManagementApi.UploadSnapshotMetadataResult.class));
    SERVED.put("upload_canister_snapshot_data", new Sig(
        ManagementApi.UploadSnapshotDataArgs.class, null));
    SERVED.put("list_canister_snapshots", new Sig(ManagementApi.CanisterIdRecord.class,
        listSnapshots));
    SERVED.put("delete_canister_snapshot", new Sig(ManagementApi.SnapshotArgs.class, null));
    SERVED.put("fetch_canister_logs", new Sig(ManagementApi.FetchLogsArgs.class,
        ManagementApi.FetchLogsResult.class));
  }

  private static DidFile did() {
    try (InputStream in = Management.class.getResourceAsStream("/org/jicp/wasm/ic.did")) {
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CandidType.Func didMethod(String name) {
    return DID.method(name).orElseThrow(() -> new AssertionError("ic.did has no " + name));
  }

  private static List<CandidType> javaTypes(Object t, List<CandidType> didTypes) {
    if (t == null) {
      return List.of();
    }
    if (t == DID_RESULT) {
      return didTypes;
    }
    return List.of(ManagementApi.MAPPER.typeOf((Type) t));
  }

  @Test
  void servedAndUnoffered_partitionTheMethodsOfIcDid() {
    Set<String> did = new TreeSet<>();
    DID.service().orElseThrow().methods().forEach(m -> did.add(m.name()));
    Set<String> jicp = new TreeSet<>(Management.SERVED);
    jicp.addAll(Management.UNSUPPORTED);
    // rename_canister is the IC's NNS-only method, not in the public ic.did; jicp names it.
    jicp.remove("rename_canister");
    assertThat(jicp).isEqualTo(did);
    Set<String> both = new HashSet<>(Management.SERVED);
    both.retainAll(Management.UNSUPPORTED);
    assertThat(both).isEmpty();
    assertThat(SERVED.keySet()).containsExactlyInAnyOrderElementsOf(Management.SERVED);
    assertThat(Management.SERVED).hasSize(27);
  }

  @Test
  void servedTypes_areCandidSubtypesOfIcDid() {
    List<String> checked = new ArrayList<>();
    for (var e : SERVED.entrySet()) {
      CandidType.Func want = didMethod(e.getKey());
      CandidType.Func served = new CandidType.Func(javaTypes(e.getValue().arg(), want.args()),
          javaTypes(e.getValue().result(), want.results()), want.modes());
      assertThat(CandidTypes.isSubtype(served, want)).as("%s: served %s <: ic.did %s",
          e.getKey(), served, want).isTrue();
      checked.add(e.getKey());
    }
    assertThat(checked).hasSize(27);
  }

  @Test
  void settingsAndSnapshotMetadata_areTheTypesOfIcDid() {
    // Equality (as PocketIC's test) where jicp's records carry every field.
    assertThat(CandidTypes.equivalent(ManagementApi.MAPPER.typeOf(
        ManagementApi.CanisterSettings.class), DID.type("canister_settings").orElseThrow()))
        .isTrue();
    assertThat(CandidTypes.equivalent(ManagementApi.MAPPER.typeOf(
        ManagementApi.ReadSnapshotMetadataResult.class),
        DID.type("read_canister_snapshot_metadata_response").orElseThrow())).isTrue();
    assertThat(CandidTypes.equivalent(ManagementApi.MAPPER.typeOf(
        ManagementApi.UploadSnapshotMetadataArgs.class),
        DID.type("upload_canister_snapshot_metadata_args").orElseThrow())).isTrue();
    assertThat(CandidTypes.equivalent(ManagementApi.MAPPER.typeOf(
        ManagementApi.FetchLogsArgs.class), DID.type("fetch_canister_logs_args").orElseThrow()))
        .isTrue();
  }

  /** A value of {@code t}: zeros, empty, {@code null} options, the first case of variants. */
  private static CandidValue sample(CandidType t, Principal principal) {
    CandidType r = t.resolve();
    if (r instanceof CandidType.Opt) {
      return CandidValue.none();
    }
    if (r instanceof CandidType.Vec) {
      return CandidValue.vec();
    }
    if (r instanceof CandidType.Record rec) {
      List<CandidValue.Field> fs = new ArrayList<>();
      for (CandidType.Field f : rec.fields()) {
        fs.add(new CandidValue.Field(f.label(), sample(f.type(), principal)));
      }
      return CandidValue.record(fs.toArray(CandidValue.Field[]::new));
    }
    if (r instanceof CandidType.Variant v) {
      CandidType.Field first = v.cases().get(0);
      return new CandidValue.Variant(first.label(), sample(first.type(), principal));
    }
    CandidType.Primitive p = (CandidType.Primitive) r;
    return switch (p) {
      case NULL -> CandidValue.NULL;
      case RESERVED -> CandidValue.RESERVED;
      case BOOL -> CandidValue.bool(false);
      case NAT -> CandidValue.nat(0);
      case INT -> CandidValue.integer(0);
      case NAT8 -> new CandidValue.Nat8(0);
      case NAT16 -> new CandidValue.Nat16(0);
      case NAT32 -> new CandidValue.Nat32(0);
      case NAT64 -> new CandidValue.Nat64(0);
      case INT8 -> new CandidValue.Int8((byte) 0);
      case INT16 -> new CandidValue.Int16((short) 0);
      case INT32 -> new CandidValue.Int32(0);
      case INT64 -> new CandidValue.Int64(0);
      case FLOAT32 -> new CandidValue.Float32(0);
      case FLOAT64 -> new CandidValue.Float64(0);
      case TEXT -> CandidValue.text("");
      case PRINCIPAL -> CandidValue.principal(principal);
      case EMPTY -> throw new AssertionError("no value of type empty");
    };
  }

  @Test
  void everyServedMethod_decodesTheIcDidArgument_andRepliesAtTheIcDidType() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId proxy = ManagementCalls.proxy(s);
      CanisterId target = new CanisterId(ManagementApi.decode(ManagementCalls.fromCanister(s,
          proxy, "provisional_create_canister_with_cycles",
          new ManagementApi.ProvisionalCreateCanisterArgs(java.util.Optional.of(
              BigInteger.valueOf(10).pow(13)), java.util.Optional.empty(),
              java.util.Optional.empty(), java.util.Optional.empty())).replied(),
          ManagementApi.CanisterIdResult.class).canisterId());
      int replies = 0;
      int methods = 0;
      for (String method : SERVED.keySet()) {
        if (method.equals("delete_canister") || method.equals("stop_canister")) {
          continue; // run last: they change the target for the others
        }
        replies += call(s, proxy, target, method);
        methods++;
      }
      replies += call(s, proxy, target, "stop_canister");
      replies += call(s, proxy, target, "delete_canister");
      methods += 2;
      assertThat(methods).isEqualTo(27);
      // Every method but those whose sample argument names nothing that exists replied.
      assertThat(replies).isGreaterThanOrEqualTo(15);
    }
  }

  /** Calls {@code method} with a sample argument; returns 1 if it replied. */
  private static int call(Subnet s, CanisterId proxy, CanisterId target, String method) {
    CandidType.Func f = didMethod(method);
    List<CandidValue> args = new ArrayList<>();
    for (CandidType t : f.args()) {
      args.add(sample(t, target.principal()));
    }
    byte[] payload = CandidEncoder.encode(f.args(), args);
    ManagementCalls.Answer a = ManagementCalls.fromCanister(s, proxy, 0, method, payload);
    if (a.reply().isEmpty()) {
      assertThat(a.message()).as(method).doesNotStartWith("Error decoding candid");
      return 0;
    }
    List<CandidValue> out = CandidDecoder.standard().decode(a.reply().get(), f.results());
    assertThat(out).as(method).hasSize(f.results().size());
    return 1;
  }
}
