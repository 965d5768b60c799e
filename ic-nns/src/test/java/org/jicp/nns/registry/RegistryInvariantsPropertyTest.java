package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import org.jicp.types.RegistryVersion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.InvalidRequestException;
import org.jicp.nns.registry.RegistryPayloads.CanisterIdRange;
import org.jicp.nns.registry.pb.RoutingTable;
import org.jicp.nns.registry.pb.SubnetRecord;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of registry mutations — valid ones and deliberately broken ones — never leave
 * the registry breaking an invariant: after every step the invariants hold, and a rejected step
 * leaves the version and the certified data exactly as they were.
 */
class RegistryInvariantsPropertyTest {
  static final int STEPS = 250;

  @Test
  void randomMutationSequences_neverBreakAnInvariant() {
    long seed = Long.getLong("jicp.seed", System.nanoTime());
    System.out.println("RegistryInvariantsPropertyTest seed = " + seed + " (rerun with -Djicp.seed=" + seed + ")");
    SplittableRandom rnd = new SplittableRandom(seed);
    RegistryFixture f = new RegistryFixture();
    Registry r = f.registry;
    int accepted = 0;
    int rejected = 0;
    for (int step = 0; step < STEPS; step++) {
      RegistryVersion v = r.latestVersion();
      Bytes data = r.certifiedData();
      int op = rnd.nextInt(12);
      try {
        apply(op, rnd, f);
        accepted++;
        assertThat(r.latestVersion().value()).as("seed %d step %d op %d", seed, step, op).isEqualTo(v.value() + 1);
      } catch (InvalidRequestException e) {
        rejected++;
        assertThat(r.latestVersion()).as("seed %d step %d op %d: %s", seed, step, op, e.getMessage()).isEqualTo(v);
        assertThat(r.certifiedData()).as("seed %d step %d", seed, step).isEqualTo(data);
      }
      RegistryInvariants.check(r.store());
    }
    System.out.println("RegistryInvariantsPropertyTest: " + accepted + " accepted, " + rejected + " rejected");
    assertThat(accepted).isPositive();
    assertThat(rejected).isPositive();
  }

  private static <T> T pick(SplittableRandom rnd, List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private static List<Principal> someNodes(SplittableRandom rnd, Registry r, int max) {
    List<NodeId> all = new ArrayList<>(r.nodeIds());
    List<Principal> out = new ArrayList<>();
    int n = 1 + rnd.nextInt(max);
    for (int i = 0; i < n && !all.isEmpty(); i++) {
      out.add(all.remove(rnd.nextInt(all.size())).principal());
    }
    return out;
  }

  private static CanisterIdRange someRange(SplittableRandom rnd) {
    long base = rnd.nextInt(4) * Registry.CANISTER_IDS_PER_SUBNET;
    long start = base + rnd.nextInt((int) Registry.CANISTER_IDS_PER_SUBNET);
    long end = start + rnd.nextInt(1 << 19);
    return CanisterIdRange.ofIndices(start, end);
  }

  private static void apply(int op, SplittableRandom rnd, RegistryFixture f) {
    Registry r = f.registry;
    List<SubnetId> subnets = r.subnetIds();
    SubnetId s = pick(rnd, subnets);
    switch (op) {
      case 0 -> r.createSubnet(RegistryPayloads.CreateSubnetPayload.withDefaults(
          someNodes(rnd, r, 4), rnd.nextBoolean() ? SubnetType.APPLICATION : SubnetType.VERIFIED_APPLICATION,
          RegistryFixture.VERSION), f.dkg);
      case 1 -> r.addNodesToSubnet(new RegistryPayloads.AddNodesToSubnetPayload(s.principal(), someNodes(rnd, r, 2)));
      case 2 -> r.removeNodesFromSubnet(new RegistryPayloads.RemoveNodesFromSubnetPayload(someNodes(rnd, r, 2)));
      case 3 -> r.changeSubnetMembership(new RegistryPayloads.ChangeSubnetMembershipPayload(
          s.principal(), someNodes(rnd, r, 2), someNodes(rnd, r, 2)));
      case 4 -> r.updateSubnet(RegistryPayloads.UpdateSubnetPayload.of(s.principal())
          .withHalted(rnd.nextBoolean()).withDkgIntervalLength(50L * rnd.nextInt(3)));
      case 5 -> {
        List<NodeId> members = r.members(s);
        List<Principal> half = new ArrayList<>();
        for (int i = 0; i < members.size() / 2 + rnd.nextInt(2); i++) {
          half.add(members.get(i).principal());
        }
        r.splitSubnet(new RegistryPayloads.SplitSubnetPayload(List.of(someRange(rnd)), half, s.principal()), f.dkg);
      }
      case 6 -> r.mergeSubnets(new RegistryPayloads.MergeSubnetsPayload(
          pick(rnd, subnets).principal(), s.principal(), rnd.nextInt(1000), rnd.nextInt(1000), Bytes.fromHex("ab")), f.dkg);
      case 7 -> r.prepareCanisterMigration(new RegistryPayloads.PrepareCanisterMigrationPayload(
          List.of(someRange(rnd)), s.principal(), pick(rnd, subnets).principal()));
      case 8 -> {
        var m = r.canisterMigrations();
        if (m.getEntriesCount() == 0) {
          throw new InvalidRequestException("test", "nothing to complete");
        }
        var e = m.getEntries(rnd.nextInt(m.getEntriesCount()));
        CanisterIdRange range = IndexRange.of(e.getRange()).toPayload();
        List<Principal> trace = List.of(
            Principal.fromBytes(e.getSubnetIds(0).getPrincipalId().getRaw().toByteArray()),
            Principal.fromBytes(e.getSubnetIds(1).getPrincipalId().getRaw().toByteArray()));
        if (rnd.nextBoolean()) {
          r.rerouteCanisterRanges(new RegistryPayloads.RerouteCanisterRangesPayload(List.of(range), trace.get(0), trace.get(1)));
        } else {
          r.completeCanisterMigration(new RegistryPayloads.CompleteCanisterMigrationPayload(List.of(range), trace));
        }
      }
      case 9 -> {
        // A raw mutation that grabs a random node into a random subnet.
        SubnetRecord rec = r.subnetRecord(s).orElseThrow();
        r.atomicMutate(List.of(Registry.update(RegistryKeys.subnetRecord(s),
            rec.toBuilder().addMembership(Registry.bytes(someNodes(rnd, r, 1).get(0))).build())));
      }
      case 10 -> {
        // A raw routing-table mutation adding a random range for a random subnet.
        RoutingTable t = r.routingTable().toBuilder().addEntries(RoutingTable.Entry.newBuilder()
            .setRange(IndexRange.of(someRange(rnd)).toProto()).setSubnetId(Registry.subnetIdPb(s))).build();
        r.atomicMutate(List.of(Registry.update(RegistryKeys.ROUTING_TABLE, t)));
      }
      default -> r.removeNodes(new RegistryPayloads.RemoveNodesPayload(someNodes(rnd, r, 1)));
    }
  }

  @Test
  void rejectedRawMutation_leavesEveryKeyAsItWas() {
    RegistryFixture f = new RegistryFixture();
    Registry r = f.registry;
    var before = new java.util.TreeMap<>(r.store().latestAll());
    try {
      r.atomicMutate(List.of(
          Registry.upsert(RegistryKeys.FIREWALL_CONFIG, org.jicp.nns.registry.pb.FirewallConfig.getDefaultInstance()),
          Registry.delete(RegistryKeys.subnetRecord(f.app))));
    } catch (InvalidRequestException expected) {
      assertThat(expected.rule()).isEqualTo("subnet-list-consistent");
    }
    assertThat(r.store().latestAll()).isEqualTo(before);
    assertThat(r.subnetRecord(f.app)).isPresent();
    assertThat(r.store().getLatest(RegistryKeys.FIREWALL_CONFIG)).isEmpty();
  }
}
