package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jicp.replica.net.NodeConfig;
import org.jicp.replica.net.TestnetGenesis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jicp testnet start|stop} and {@code jicp replica node} without starting a testnet (the
 * 4-process run is {@code http.TestnetProcessesTest}, profile {@code testnet}): argument errors,
 * stopping a testnet whose processes are gone, configuration files, and the genesis every node
 * computes alike from the shared configuration.
 */
class TestnetCommandTest {
  @TempDir Path dir;

  @Test
  void start_nodesNotThreeFPlusOne_exitsMalformedAndStartsNothing() {
    CliRun r = CliRun.of("testnet", "start", "--dir", dir.toString(), "--nodes", "3");
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("3f + 1");
    assertThat(dir.resolve("testnet.json")).doesNotExist();
  }

  @Test
  void start_unknownSubnetKind_exitsMalformed() {
    CliRun r = CliRun.of("testnet", "start", "--dir", dir.toString(), "--subnets", "nns,moon");
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("moon");
    assertThat(dir.resolve("testnet.json")).doesNotExist();
  }

  @Test
  void stop_noTestnetJson_exitsMalformed() {
    CliRun r = CliRun.of("testnet", "stop", "--dir", dir.toString());
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("testnet.json");
  }

  @Test
  void stop_processesAlreadyDead_exitsZero() throws Exception {
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Process p = new ProcessBuilder("true").start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      pids.add(p.pid());
    }
    Files.writeString(dir.resolve("testnet.json"), "{\"root_key\": \"00\", \"nodes\": ["
        + "{\"node_id\": \"aaaaa-aa\", \"subnet_id\": \"aaaaa-aa\", \"subnet_kind\": "
        + "\"application\", \"pid\": " + pids.get(0) + ", \"http\": \"http://127.0.0.1:1\"},"
        + "{\"node_id\": \"2vxsx-fae\", \"subnet_id\": \"aaaaa-aa\", \"subnet_kind\": "
        + "\"application\", \"pid\": " + pids.get(1) + ", \"http\": \"http://127.0.0.1:2\"}]}");
    CliRun r = CliRun.of("testnet", "stop", "--dir", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("already stopped aaaaa-aa pid " + pids.get(0))
        .contains("already stopped 2vxsx-fae pid " + pids.get(1)).endsWith("stopped");
  }

  @Test
  void node_configMissing_exitsMalformed() {
    CliRun r = CliRun.of("replica", "node", "--config", dir.resolve("nope.json").toString());
    assertThat(r.exit()).isEqualTo(CliErrors.MALFORMED);
    assertThat(r.err()).contains("nope.json");
  }

  @Test
  void nodeConfig_writeRead_roundTrips() throws Exception {
    NodeConfig c = config(7, 1, 3);
    c.write(dir.resolve("n/config.json"));
    assertThat(NodeConfig.read(dir.resolve("n/config.json"))).isEqualTo(c);
    assertThat(c.address(1, 2).p2pPort()).isEqualTo(10_104);
  }

  @Test
  void nodeConfig_oneNodePerSubnet_allowedAndTwoRefused() {
    List<NodeConfig.Address> one = List.of(
        new NodeConfig.Address(0, 0, "127.0.0.1", 10_000, 10_001),
        new NodeConfig.Address(1, 0, "127.0.0.1", 10_002, 10_003));
    NodeConfig c = new NodeConfig(3, 1_700_000_000_000_000_000L, List.of("nns", "application"),
        1, 200, 300, 19, one, 1, 0, dir.resolve("node-1-0").toString());
    TestnetGenesis g = new TestnetGenesis(c);
    assertThat(g.subnets()).hasSize(2);
    assertThat(g.subnets().get(1).nodeIds()).hasSize(1);
    List<NodeConfig.Address> two = new ArrayList<>(one);
    two.add(new NodeConfig.Address(0, 1, "127.0.0.1", 10_004, 10_005));
    two.add(new NodeConfig.Address(1, 1, "127.0.0.1", 10_006, 10_007));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NodeConfig(3, 0,
        List.of("nns", "application"), 2, 200, 0, 19, two, 0, 0, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3f + 1");
  }

  @Test
  void genesis_sameSeed_sameIdsOnEveryNodeAndDifferentSeedDiffers() {
    TestnetGenesis a = new TestnetGenesis(config(11, 0, 0));
    TestnetGenesis b = new TestnetGenesis(config(11, 1, 3));
    TestnetGenesis other = new TestnetGenesis(config(12, 0, 0));
    assertThat(a.subnets()).hasSize(2);
    for (int s = 0; s < 2; s++) {
      assertThat(b.subnets().get(s).id()).isEqualTo(a.subnets().get(s).id());
      assertThat(b.subnets().get(s).nodeIds()).isEqualTo(a.subnets().get(s).nodeIds())
          .hasSize(4).doesNotHaveDuplicates();
      assertThat(b.members(s).keySet()).containsExactlyInAnyOrderElementsOf(
          a.subnets().get(s).nodeIds());
      assertThat(other.subnets().get(s).id()).isNotEqualTo(a.subnets().get(s).id());
    }
    assertThat(a.root().kind().text()).isEqualTo("nns");
    assertThat(a.root().publicKey().toDer()).isEqualTo(b.root().publicKey().toDer());
  }

  /** An NNS and an application subnet of 4 nodes each, as node {@code n} of subnet {@code s}. */
  private NodeConfig config(long seed, int s, int n) {
    List<NodeConfig.Address> addrs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 4; j++) {
        addrs.add(new NodeConfig.Address(i, j, "127.0.0.1", 10_000 + i * 100 + j * 2,
            10_001 + i * 100 + j * 2));
      }
    }
    return new NodeConfig(seed, 1_700_000_000_000_000_000L, List.of("nns", "application"), 4,
        200, 0, 19, addrs, s, n, dir.resolve("node-" + s + "-" + n).toString());
  }
}
