package org.jicp.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidException;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.DidFile;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;

/**
 * The management canister ({@code aaaaa-aa}) as canisters call it (IC interface specification,
 * "The IC management canister"): {@code raw_rand}, {@code canister_status} and {@code
 * deposit_cycles}, with the specification's Candid types ({@code management.did}, a part of its
 * {@code ic.did}). The methods' effects on the subnet are applied by {@link Subnet}; this class
 * decodes arguments, encodes replies and draws the randomness.
 *
 * <p>Randomness: {@code raw_rand}'s 32 bytes are {@code SHA-256("jicp raw_rand" || seed ||
 * round || n)} with the per-subnet seed, the round number (8 bytes, big-endian) in which the call
 * is answered and n, the number of earlier {@code raw_rand} answers in that round (8 bytes): a
 * deterministic function of the seed and the message order, different for every call. (The IC
 * draws them from the random tape of a later round; jicp answers in the same round.)
 */
final class ManagementCanister {
  private static final DidFile DID = load();
  private static final CandidType STATUS_RESULT = type("canister_status_result");
  private static final CandidType CANISTER_ID_ARGS = type("canister_status_args");
  private static final CandidType RAND_RESULT = type("raw_rand_result");
  private static final byte[] DOMAIN = "jicp raw_rand".getBytes(StandardCharsets.US_ASCII);
  /** The IC's default reserved cycles limit ({@code DEFAULT_RESERVED_BALANCE_LIMIT}): 5T. */
  static final BigInteger DEFAULT_RESERVED_CYCLES_LIMIT = BigInteger.valueOf(5_000_000_000_000L);

  private final byte[] seed;
  private long randRound = -1;
  private long randCount;

  /** The management canister of a subnet whose randomness comes from {@code seed}. */
  ManagementCanister(byte[] seed) {
    this.seed = seed.clone();
  }

  private static DidFile load() {
    try (InputStream in = ManagementCanister.class.getResourceAsStream("management.did")) {
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CandidType type(String name) {
    return DID.type(name).orElseThrow(() -> new IllegalStateException("management.did: " + name));
  }

  /** The methods served; any other is rejected by {@link Subnet}. */
  static boolean serves(String method) {
    return method.equals("raw_rand") || method.equals("canister_status")
        || method.equals("deposit_cycles");
  }

  /** {@code raw_rand}: the Candid reply {@code (blob)} of 32 fresh bytes for {@code round}. */
  byte[] rawRand(long round) {
    if (round != randRound) {
      randRound = round;
      randCount = 0;
    }
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(DOMAIN);
      d.update(seed);
      d.update(ByteBuffer.allocate(16).putLong(round).putLong(randCount++).array());
      return CandidEncoder.encode(RAND_RESULT, CandidValue.blob(d.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code canister_id} of a {@code record { canister_id : principal }} argument (of {@code
   * canister_status} and {@code deposit_cycles}).
   *
   * @throws CandidException if the argument does not decode at that type
   * @throws IllegalArgumentException if the principal is not a canister id
   */
  static CanisterId canisterIdArg(byte[] arg) {
    CandidValue.Record r = (CandidValue.Record) CandidDecoder.standard()
        .decodeOne(arg, CANISTER_ID_ARGS);
    Principal p = ((CandidValue.PrincipalRef) r.get("canister_id").orElseThrow()).principal();
    return new CanisterId(p);
  }

  /** The facts a {@code canister_status} reply reports. */
  record Status(String status, long version, List<Principal> controllers, int computeAllocation,
      long memoryAllocation, long freezingThresholdSeconds, long wasmMemoryLimit,
      byte[] moduleHash, long heapBytes, long stableBytes, long binaryBytes, long globalBytes,
      BigInteger cycles, BigInteger reservedCycles, BigInteger idleCyclesPerDay) {}

  /** {@code canister_status}: the Candid reply {@code (canister_status_result)}. */
  static byte[] canisterStatus(Status s) {
    CandidValue[] controllers = s.controllers().stream().map(CandidValue::principal)
        .toArray(CandidValue[]::new);
    CandidValue settings = CandidValue.record(
        CandidValue.field("controllers", CandidValue.vec(controllers)),
        CandidValue.field("compute_allocation", CandidValue.nat(s.computeAllocation())),
        CandidValue.field("memory_allocation", CandidValue.nat(s.memoryAllocation())),
        CandidValue.field("freezing_threshold", CandidValue.nat(s.freezingThresholdSeconds())),
        CandidValue.field("reserved_cycles_limit",
            CandidValue.nat(DEFAULT_RESERVED_CYCLES_LIMIT)),
        CandidValue.field("log_visibility", CandidValue.variant("controllers")),
        CandidValue.field("wasm_memory_limit", CandidValue.nat(s.wasmMemoryLimit())),
        CandidValue.field("wasm_memory_threshold", CandidValue.nat(0)),
        CandidValue.field("environment_variables", CandidValue.vec()));
    long memorySize = s.heapBytes() + s.stableBytes() + s.binaryBytes() + s.globalBytes();
    CandidValue metrics = CandidValue.record(
        CandidValue.field("wasm_memory_size", CandidValue.nat(s.heapBytes())),
        CandidValue.field("stable_memory_size", CandidValue.nat(s.stableBytes())),
        CandidValue.field("global_memory_size", CandidValue.nat(s.globalBytes())),
        CandidValue.field("wasm_binary_size", CandidValue.nat(s.binaryBytes())),
        CandidValue.field("custom_sections_size", CandidValue.nat(0)),
        CandidValue.field("canister_history_size", CandidValue.nat(0)),
        CandidValue.field("wasm_chunk_store_size", CandidValue.nat(0)),
        CandidValue.field("snapshots_size", CandidValue.nat(0)));
    CandidValue queryStats = CandidValue.record(
        CandidValue.field("num_calls_total", CandidValue.nat(0)),
        CandidValue.field("num_instructions_total", CandidValue.nat(0)),
        CandidValue.field("request_payload_bytes_total", CandidValue.nat(0)),
        CandidValue.field("response_payload_bytes_total", CandidValue.nat(0)));
    CandidValue result = CandidValue.record(
        CandidValue.field("status", CandidValue.variant(s.status())),
        CandidValue.field("ready_for_migration", CandidValue.bool(false)),
        CandidValue.field("version", new CandidValue.Nat64(s.version())),
        CandidValue.field("settings", settings),
        CandidValue.field("module_hash", s.moduleHash() == null ? CandidValue.none()
            : CandidValue.some(CandidValue.blob(s.moduleHash()))),
        CandidValue.field("memory_size", CandidValue.nat(memorySize)),
        CandidValue.field("memory_metrics", metrics),
        CandidValue.field("cycles", CandidValue.nat(s.cycles())),
        CandidValue.field("reserved_cycles", CandidValue.nat(s.reservedCycles())),
        CandidValue.field("idle_cycles_burned_per_day", CandidValue.nat(s.idleCyclesPerDay())),
        CandidValue.field("query_stats", queryStats));
    return CandidEncoder.encode(STATUS_RESULT, result);
  }
}
