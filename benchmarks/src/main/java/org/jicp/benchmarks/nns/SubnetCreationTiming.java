package org.jicp.benchmarks.nns;

import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.registry.NiDkgInitialDkg;
import org.jicp.nns.registry.NodeKeys;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryGenesis;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.types.SubnetType;
import org.jicp.nns.registry.pb.CatchUpPackageContents;

/**
 * Wall-clock cost of creating a subnet with the real initial NI-DKG ({@link NiDkgInitialDkg}):
 * {@code create_subnet} for n receivers with the NNS subnet's d nodes as dealers (two DKGs, low and
 * high threshold, each with f(d) + 1 dealings created and verified), and the nodes' keys: public
 * keys as registered, and a simulated node's decryption key. Too slow for JMH iterations; each size is created {@code reps} times, after one warm-up.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.jicp.benchmarks.nns.SubnetCreationTiming DEALERS REPS N...
 * </pre>
 */
public final class SubnetCreationTiming {
  private SubnetCreationTiming() {}

  public static void main(String[] args) {
    int dealers = Integer.parseInt(args[0]);
    int reps = Integer.parseInt(args[1]);
    Registry r = new Registry();
    NiDkgInitialDkg dkg = new NiDkgInitialDkg(r, Bytes.fromHex("0c"));
    RegistryGenesis g = new RegistryGenesis(r, Bytes.fromHex("0b"), dkg);
    Principal op = Principal.canisterIdFromIndex(1);
    g.electReplicaVersion("v").dataCenter("zh1", "Europe,CH,Zurich").nodeOperator(op, Principal.canisterIdFromIndex(2), "zh1", 10_000, Map.of());
    long t0 = System.nanoTime();
    List<NodeKeys> nns = g.nodes(op, dealers);
    System.out.printf("public keys derived + add_node: %.1f ms per node (%d nodes, %d cores)%n",
        (System.nanoTime() - t0) / 1e6 / dealers, dealers, Runtime.getRuntime().availableProcessors());
    t0 = System.nanoTime();
    for (NodeKeys k : nns) {
      g.dkgDealingDecryptionKey(k.nodeId());
    }
    System.out.printf("decryption key generated: %.0f ms per node%n", (System.nanoTime() - t0) / 1e6 / dealers);
    g.subnet(nns, SubnetType.SYSTEM, "v", true);
    create(dkg, r, g.nodes(op, 4)); // warm-up
    for (int i = 2; i < args.length; i++) {
      int n = Integer.parseInt(args[i]);
      for (int rep = 0; rep < reps; rep++) {
        List<NodeKeys> nodes = g.nodes(op, n);
        long s = System.nanoTime();
        SubnetId id = create(dkg, r, nodes);
        long ms = (System.nanoTime() - s) / 1_000_000;
        CatchUpPackageContents cup = r.cupContents(id).orElseThrow();
        System.out.printf("create_subnet n=%d (thresholds %d/%d), %d dealers: %d ms%n", n,
            cup.getInitialNiDkgTranscriptLowThreshold().getThreshold(),
            cup.getInitialNiDkgTranscriptHighThreshold().getThreshold(), dealers, ms);
      }
    }
  }

  private static SubnetId create(NiDkgInitialDkg dkg, Registry r, List<NodeKeys> nodes) {
    List<Principal> ids = nodes.stream().map(k -> k.nodeId().principal()).toList();
    return r.createSubnet(RegistryPayloads.CreateSubnetPayload.withDefaults(ids, SubnetType.APPLICATION, "v"), dkg);
  }
}
