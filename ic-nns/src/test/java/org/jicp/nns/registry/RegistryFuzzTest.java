package org.jicp.nns.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.InvalidRequestException;
import org.jicp.nns.registry.pb.RegistryAtomicMutateRequest;
import org.jicp.nns.registry.pb.RegistryMutation;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.crypto.testing.SeededFuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for registry mutations and the records they carry: {@code atomic_mutate} request
 * bytes (protobuf {@code RegistryAtomicMutateRequest}, from governance) and record values
 * (protobuf {@code SubnetRecord}, {@code NodeRecord}, {@code RoutingTable}, … written under an
 * existing key), applied to a registry with a system and an application subnet.
 *
 * <p>The only outcomes: the bytes are not a protobuf message ({@link
 * InvalidProtocolBufferException}), or the batch is applied as one new version after which the
 * invariants hold and every typed read of the registry (subnets, members, types, keys, nodes,
 * routing, migrations, versions) answers, or it is rejected with an {@link
 * InvalidRequestException} ({@link InvariantViolationException}) and the version and certified
 * data are exactly as before. Anything else escaping is a finding.
 *
 * <p>Jazzer {@code @FuzzTest}s replay their committed inputs in the default build ({@code
 * JAZZER_FUZZ=1} with {@code -Dtest=RegistryFuzzTest#<target>} fuzzes); the seeded mutation runs
 * take a few seconds ({@code -Pfuzz}: longer). docs/fuzzing.md has the commands and the runs.
 */
class RegistryFuzzTest {
  /** The template registry's changelog (replayed for each input) and its keys. */
  static final class Fixture {
    static final RegistryFixture TEMPLATE = new RegistryFixture();
    static final List<RegistryAtomicMutateRequest> CHANGELOG = TEMPLATE.registry.store().changelog();
    /** Up to two keys of each kind (node records, subnet records, …) and every singleton key. */
    static final List<String> KEYS = new ArrayList<>();

    static {
      List<String> prefixes = List.of(RegistryKeys.NODE_RECORD_PREFIX, RegistryKeys.NODE_OPERATOR_RECORD_PREFIX,
          RegistryKeys.REPLICA_VERSION_PREFIX, RegistryKeys.SUBNET_RECORD_PREFIX, RegistryKeys.CRYPTO_RECORD_PREFIX,
          RegistryKeys.CRYPTO_TLS_CERT_PREFIX, RegistryKeys.THRESHOLD_SIGNING_KEY_PREFIX, RegistryKeys.CUP_CONTENTS_PREFIX,
          RegistryKeys.DATA_CENTER_PREFIX);
      Map<String, Integer> perKind = new java.util.HashMap<>();
      for (String k : TEMPLATE.registry.store().latestAll().keySet()) {
        String kind = prefixes.stream().filter(k::startsWith).findFirst().orElse(k);
        if (perKind.merge(kind, 1, Integer::sum) <= 2) {
          KEYS.add(k);
        }
      }
    }
  }

  private static Registry fresh() {
    return Registry.fromChangelog(Fixture.CHANGELOG);
  }

  /** Applies {@code mutations}; checks the outcome as the class Javadoc says. */
  private static void applyAndCheck(List<RegistryMutation> mutations, byte[] data) {
    Registry r = fresh();
    RegistryVersion before = r.latestVersion();
    Bytes certified = r.certifiedData();
    try {
      RegistryVersion v = r.atomicMutate(mutations);
      if (v.value() != before.value() + 1 || !r.latestVersion().equals(v)) {
        throw new AssertionError("an accepted batch made version " + v + " after " + before);
      }
    } catch (InvalidRequestException rejected) {
      if (!r.latestVersion().equals(before) || !r.certifiedData().equals(certified)) {
        throw new AssertionError("a rejected batch changed the registry (" + rejected.getMessage() + "): " + Bytes.hex(data));
      }
      return;
    }
    RegistryInvariants.check(r.store());
    readEverything(r);
  }

  /** Every typed read a replica or canister makes of the registry. */
  private static void readEverything(Registry r) {
    for (SubnetId s : r.subnetIds()) {
      r.subnetRecord(s);
      r.members(s);
      r.subnetType(s);
      r.cupContents(s);
      r.thresholdSigningKey(s);
      r.rangesOf(s);
    }
    for (NodeId n : r.nodeIds()) {
      r.nodeRecord(n);
      r.subnetOf(n);
    }
    r.unassignedNodes();
    r.routingTable();
    r.canisterMigrations();
    r.electedReplicaVersions();
    r.subnetForCanister(Principal.canisterIdFromIndex(0));
    r.subnetForCanister(Principal.canisterIdFromIndex((1L << 20) + 5));
    r.nodeOperator(RegistryFixture.OPERATOR);
  }

  // ---------------------------------------------------------------------------------------------
  // Targets

  @FuzzTest(maxDuration = "120s")
  void atomicMutate_anyRequestBytes_appliedWithInvariantsOrRejectedUnchanged(byte[] data) {
    RegistryAtomicMutateRequest req;
    try {
      req = RegistryAtomicMutateRequest.parseFrom(data);
    } catch (InvalidProtocolBufferException expected) {
      return;
    }
    applyAndCheck(req.getMutationsList(), data);
  }

  /**
   * Byte 0 picks an existing key (and whether to update, upsert or insert it), the rest is the
   * record written there: the registry's invariant check and readers decode it.
   */
  @FuzzTest(maxDuration = "120s")
  void recordValue_anyBytesUnderAnExistingKey_appliedWithInvariantsOrRejectedUnchanged(byte[] data) {
    if (data.length == 0) {
      return;
    }
    List<String> keys = Fixture.KEYS;
    String key = keys.get((data[0] & 0x7f) % keys.size());
    RegistryMutation.Type type = (data[0] & 0x80) == 0 ? RegistryMutation.Type.UPDATE : RegistryMutation.Type.UPSERT;
    RegistryMutation m = RegistryMutation.newBuilder()
        .setMutationType(type)
        .setKey(ByteString.copyFrom(key, StandardCharsets.UTF_8))
        .setValue(ByteString.copyFrom(data, 1, data.length - 1))
        .build();
    applyAndCheck(List.of(m), data);
  }

  // ---------------------------------------------------------------------------------------------
  // The bounded runs of the default build

  /** Each existing record under its own key (selector byte first). */
  static List<byte[]> recordSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    Map<String, Bytes> all = Fixture.TEMPLATE.registry.store().latestAll();
    List<String> keys = Fixture.KEYS;
    for (int i = 0; i < keys.size() && i < 128; i++) {
      byte[] v = all.get(keys.get(i)).toByteArray();
      byte[] s = new byte[v.length + 1];
      s[0] = (byte) i;
      System.arraycopy(v, 0, s, 1, v.length);
      seeds.add(s);
    }
    return seeds;
  }

  /** The template's own batches (as a replayed request they insert present keys) and single-record updates. */
  static List<byte[]> requestSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (RegistryAtomicMutateRequest req : Fixture.CHANGELOG) {
      seeds.add(req.toByteArray());
    }
    Map<String, Bytes> all = Fixture.TEMPLATE.registry.store().latestAll();
    for (String k : List.of(RegistryKeys.ROUTING_TABLE, RegistryKeys.SUBNET_LIST, RegistryKeys.subnetRecord(Fixture.TEMPLATE.app))) {
      seeds.add(RegistryAtomicMutateRequest.newBuilder()
          .addMutations(RegistryMutation.newBuilder().setMutationType(RegistryMutation.Type.UPDATE)
              .setKey(ByteString.copyFromUtf8(k)).setValue(ByteString.copyFrom(all.get(k).toByteArray())))
          .build().toByteArray());
    }
    return seeds;
  }

  private static List<String> numbered(String prefix, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(prefix + "-" + i);
    }
    return names;
  }

  @Test
  @Timeout(120)
  void seededMutation_atomicMutateRequests_appliedWithInvariantsOrRejectedUnchanged() {
    List<byte[]> seeds = requestSeeds();
    SeededFuzz.writeSeeds("atomicMutate_anyRequestBytes_appliedWithInvariantsOrRejectedUnchanged", numbered("request", seeds.size()), seeds);
    assertThat(SeededFuzz.run("RegistryFuzzTest.atomicMutate", seeds, 250,
        this::atomicMutate_anyRequestBytes_appliedWithInvariantsOrRejectedUnchanged)).isEqualTo(seeds.size() + SeededFuzz.iterations(250));
  }

  @Test
  @Timeout(120)
  void seededMutation_recordValues_appliedWithInvariantsOrRejectedUnchanged() {
    List<byte[]> seeds = recordSeeds();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i++) {
      names.add(Fixture.KEYS.get(i).replaceAll("[^A-Za-z0-9_]", "_"));
    }
    SeededFuzz.writeSeeds("recordValue_anyBytesUnderAnExistingKey_appliedWithInvariantsOrRejectedUnchanged", names, seeds);
    assertThat(SeededFuzz.run("RegistryFuzzTest.recordValue", seeds, 250,
        this::recordValue_anyBytesUnderAnExistingKey_appliedWithInvariantsOrRejectedUnchanged)).isEqualTo(seeds.size() + SeededFuzz.iterations(250));
  }

  @Test
  void fixture_keys_coverEveryRecordKindTheInvariantsRead() {
    assertThat(Fixture.KEYS).contains(RegistryKeys.SUBNET_LIST, RegistryKeys.ROUTING_TABLE, RegistryKeys.BLESSED_REPLICA_VERSIONS,
        RegistryKeys.subnetRecord(Fixture.TEMPLATE.app), RegistryKeys.cupContents(Fixture.TEMPLATE.app),
        RegistryKeys.thresholdSigningKey(Fixture.TEMPLATE.app));
    assertThat(Fixture.KEYS.size()).isLessThanOrEqualTo(128).as("selector byte reaches every key");
    assertThat(Arrays.asList(RegistryMutation.Type.values())).contains(RegistryMutation.Type.UPSERT);
  }
}
