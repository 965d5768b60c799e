package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.registry.NiDkgInitialDkg;
import org.jicp.nns.registry.NodeKeys;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryGenesis;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.replica.node.ArtifactNetwork;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Membership changes through the registry (issue 22 §1): nodes registered with their TLS
 * certificates, a 4-node subnet, then the registry's {@code add_nodes_to_subnet} and {@code
 * remove_nodes_from_subnet} — what the NNS executes for those proposals — followed by each node's
 * {@link RegistryMembership}: the added node is accepted and exchanges artifacts, the removed
 * node's connections close, what it sent before is not delivered, and its redials are refused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // the registry genesis (keys, NI-DKG) is slow under load
class RegistryMembershipTest {
  private static final Principal OPERATOR = Principal.canisterIdFromIndex(5000);
  private static final Principal PROVIDER = Principal.canisterIdFromIndex(5001);
  private static final String VERSION = "0.9.0";
  private static final Bytes SEED = Bytes.fromHex("2222");
  private final List<TlsTransport> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(TlsTransport::close);
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void addAndRemoveNodesByRegistryChange_transportOpensAndClosesConnections() throws Exception {
    Registry registry = new Registry();
    RegistryGenesis g = new RegistryGenesis(registry, SEED,
        new NiDkgInitialDkg(registry, SEED, false))
        .electReplicaVersion(VERSION).dataCenter("zh1", "Europe,CH,Zurich")
        .nodeOperator(OPERATOR, PROVIDER, "zh1", 10, Map.of());
    List<NodeKeys> keys = new ArrayList<>();
    List<NodeTlsIdentity> tls = new ArrayList<>();
    Map<NodeId, InetSocketAddress> p2p = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      NodeKeys k = NodeKeys.derive(SEED, i);
      byte[] tlsSeed = new byte[32];
      tlsSeed[0] = (byte) (i + 1);
      NodeTlsIdentity id = NodeTlsIdentity.fromSeed(k.nodeId(), tlsSeed);
      registry.addNode(OPERATOR, new RegistryPayloads.AddNodePayload(
          Bytes.of(k.nodeSigningRecord().toByteArray()),
          Bytes.of(k.committeeSigningRecord().toByteArray()),
          Bytes.of(k.dkgDealingEncryptionRecord().toByteArray()), id.certificateDer(),
          "127.0.0.1:1", "127.0.0.1:2"));
      keys.add(k);
      tls.add(id);
      p2p.put(k.nodeId(), new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
    }
    long setup = System.nanoTime();
    SubnetId subnet = g.subnet(keys.subList(0, 4), SubnetType.SYSTEM, VERSION, true);
    System.out.println("registry genesis: subnet created in "
        + (System.nanoTime() - setup) / 1_000_000 + " ms");
    NodeId n3 = keys.get(3).nodeId();
    NodeId n4 = keys.get(4).nodeId();

    // nodes 0..3 start from the registry's membership; node 4 is registered but unassigned
    Map<NodeId, TlsTransport.Member> genesis = RegistryMembership.members(registry, subnet,
        registry.latestVersion(), p2p::get);
    assertThat(genesis.keySet()).containsExactlyInAnyOrderElementsOf(
        keys.subList(0, 4).stream().map(NodeKeys::nodeId).toList());
    assertThat(genesis.get(n3).certificateDer()).isEqualTo(tls.get(3).certificateDer());
    List<TlsTransport> ts = new ArrayList<>();
    List<RegistryMembership> follow = new ArrayList<>();
    List<Semaphore> sems = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      start(registry, subnet, p2p, tls.get(i), ts, follow, sems);
    }
    for (RegistryMembership f : follow) {
      assertThat(f.poll()).isFalse(); // already at the registry's membership
    }
    await(ts, sems, 0, 3, "hello");

    // add_nodes_to_subnet: node 4 joins; everybody follows the registry
    registry.addNodesToSubnet(new RegistryPayloads.AddNodesToSubnetPayload(subnet.principal(),
        List.of(n4.principal())));
    start(registry, subnet, p2p, tls.get(4), ts, follow, sems);
    for (int i = 0; i < 4; i++) {
      assertThat(follow.get(i).poll()).isTrue();
      assertThat(ts.get(i).members()).containsKey(n4);
    }
    await(ts, sems, 4, 4, "from the new node");
    await(ts, sems, 0, 4, "to the new node too");
    assertThat(ts.get(4).refusedHandshakes()).isZero();

    // node 3 sends something that is still queued at node 0 when the removal is applied
    TlsTransport t0 = ts.get(0);
    t0.drain();
    sems.get(0).drainPermits();
    ts.get(3).send(n3, t0.node(), ArtifactNetwork.Channel.CONSENSUS, Bytes.of(new byte[] {3}));
    assertThat(sems.get(0).tryAcquire(20, TimeUnit.SECONDS)).isTrue(); // arrived, not drained
    registry.removeNodesFromSubnet(new RegistryPayloads.RemoveNodesFromSubnetPayload(
        List.of(n3.principal())));
    for (int i : new int[] {0, 1, 2, 4}) {
      assertThat(follow.get(i).poll()).isTrue();
      assertThat(ts.get(i).members()).doesNotContainKey(n3);
    }
    assertThat(t0.drain()).extracting(ArtifactNetwork.Delivery::from).doesNotContain(n3);
    assertThat(t0.send(n3, TlsTransport.KIND_USER, Bytes.of(new byte[1]))).isFalse();
    // node 3 (not following: it keeps its old view) goes on sending and redialling: refused
    long refusedBefore = t0.refusedHandshakes();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<ArtifactNetwork.Delivery> after = new ArrayList<>();
    while (t0.refusedHandshakes() == refusedBefore && System.nanoTime() < deadline) {
      ts.get(3).broadcast(ArtifactNetwork.Channel.CONSENSUS, Bytes.of(new byte[] {33}));
      Thread.sleep(50);
      after.addAll(t0.drain());
    }
    assertThat(t0.refusedHandshakes()).as("node 3's redial refused").isGreaterThan(refusedBefore);
    assertThat(t0.connectedPeers()).doesNotContain(n3).contains(n4);
    await(ts, sems, 1, 3, "the subnet still delivers");
    after.addAll(t0.drain());
    assertThat(after).extracting(ArtifactNetwork.Delivery::from).doesNotContain(n3);
  }

  private void start(Registry registry, SubnetId subnet, Map<NodeId, InetSocketAddress> p2p,
      NodeTlsIdentity id, List<TlsTransport> ts, List<RegistryMembership> follow,
      List<Semaphore> sems) {
    TlsTransport t = new TlsTransport(id, p2p.get(id.node()), RegistryMembership.members(
        registry, subnet, registry.latestVersion(), p2p::get), TlsTransport.Limits.defaults());
    open.add(t);
    Semaphore s = new Semaphore(0);
    t.onArrival(s::release);
    RegistryMembership f = new RegistryMembership(registry, subnet, p2p::get, t);
    f.poll();
    ts.add(t);
    follow.add(f);
    sems.add(s);
  }

  /**
   * Node {@code from} broadcasts {@code text}; each current member of its subnet (other than
   * itself) receives it from {@code from}, {@code expected} of them in all.
   */
  private static void await(List<TlsTransport> ts, List<Semaphore> sems, int from, int expected,
      String text) throws InterruptedException {
    TlsTransport sender = ts.get(from);
    Bytes b = Bytes.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    sender.broadcast(ArtifactNetwork.Channel.CERTIFICATION, b);
    int got = 0;
    for (int i = 0; i < ts.size(); i++) {
      TlsTransport t = ts.get(i);
      if (i == from || !t.members().containsKey(t.node())
          || !sender.members().containsKey(t.node())) {
        continue;
      }
      Map<NodeId, Bytes> seen = new LinkedHashMap<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!b.equals(seen.get(sender.node())) && System.nanoTime() < deadline) {
        for (ArtifactNetwork.Delivery d : t.drain()) {
          seen.put(d.from(), d.bytes());
        }
        sems.get(i).tryAcquire(100, TimeUnit.MILLISECONDS);
      }
      assertThat(seen.get(sender.node())).as(text + " at node " + i).isEqualTo(b);
      got++;
    }
    assertThat(got).as(text).isEqualTo(expected);
  }
}
