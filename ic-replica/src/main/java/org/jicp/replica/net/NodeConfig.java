package org.jicp.replica.net;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The configuration of one node of a multi-process testnet ({@code DIR/<node>/config.json},
 * written by {@code jicp testnet start}, read by {@code jicp replica node --config FILE}): the
 * testnet's genesis parameters, which every node shares (its keys and genesis state derive from
 * them, see {@link TestnetGenesis}), the addresses of every node, and which node this is.
 *
 * @param seed the testnet seed (keys derive from it: a development testnet, not a deployment)
 * @param genesisNanos the genesis time (Unix nanoseconds)
 * @param subnets the subnet kinds in order ({@code nns}, {@code application}, …)
 * @param nodesPerSubnet nodes per subnet (3f + 1; f = 0, one node, for development)
 * @param unitDelayMillis the consensus unit delay
 * @param notaryDelayMillis the initial notary delay
 * @param dkgInterval the DKG interval (blocks between catch-up packages and checkpoints)
 * @param nodes every node's addresses, subnet by subnet
 * @param subnet this node's subnet index
 * @param node this node's index in its subnet
 * @param stateDir this node's directory (checkpoints)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeConfig(
    @JsonProperty("seed") long seed,
    @JsonProperty("genesis_nanos") long genesisNanos,
    @JsonProperty("subnets") List<String> subnets,
    @JsonProperty("nodes_per_subnet") int nodesPerSubnet,
    @JsonProperty("unit_delay_millis") long unitDelayMillis,
    @JsonProperty("notary_delay_millis") long notaryDelayMillis,
    @JsonProperty("dkg_interval") long dkgInterval,
    @JsonProperty("nodes") List<Address> nodes,
    @JsonProperty("subnet") int subnet,
    @JsonProperty("node") int node,
    @JsonProperty("state_dir") String stateDir) {

  /**
   * Where one node listens.
   *
   * @param subnet its subnet index
   * @param node its index in the subnet
   * @param host the host (loopback for a local testnet)
   * @param p2pPort the node-to-node transport port (TLS)
   * @param httpPort the IC HTTP interface port
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Address(@JsonProperty("subnet") int subnet, @JsonProperty("node") int node,
      @JsonProperty("host") String host, @JsonProperty("p2p_port") int p2pPort,
      @JsonProperty("http_port") int httpPort) {}

  /** Checks the configuration. */
  public NodeConfig {
    Objects.requireNonNull(subnets, "subnets");
    Objects.requireNonNull(nodes, "nodes");
    if (subnets.isEmpty()) {
      throw new IllegalArgumentException("a testnet has at least one subnet");
    }
    if (nodesPerSubnet < 1 || (nodesPerSubnet - 1) % 3 != 0) {
      throw new IllegalArgumentException("nodes per subnet is 3f + 1 (1: no fault tolerance, "
          + "a development subnet; 4, 7, 10, 13, …), got " + nodesPerSubnet);
    }
    if (nodes.size() != subnets.size() * nodesPerSubnet) {
      throw new IllegalArgumentException("the node list has " + nodes.size() + " entries, "
          + "expected " + subnets.size() * nodesPerSubnet);
    }
    if (subnet < 0 || subnet >= subnets.size() || node < 0 || node >= nodesPerSubnet) {
      throw new IllegalArgumentException("no node " + subnet + "/" + node + " in the testnet");
    }
    subnets = List.copyOf(subnets);
    nodes = List.copyOf(nodes);
  }

  /** The address of node {@code n} of subnet {@code s}. */
  public Address address(int s, int n) {
    for (Address a : nodes) {
      if (a.subnet() == s && a.node() == n) {
        return a;
      }
    }
    throw new IllegalArgumentException("no address for node " + s + "/" + n);
  }

  /** This configuration for another node. */
  public NodeConfig forNode(int s, int n, String dir) {
    return new NodeConfig(seed, genesisNanos, subnets, nodesPerSubnet, unitDelayMillis,
        notaryDelayMillis, dkgInterval, nodes, s, n, dir);
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Reads a configuration file.
   *
   * @throws IOException if it cannot be read or is not a valid configuration
   */
  public static NodeConfig read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), NodeConfig.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      throw new IOException(file + ": " + e.getCause().getMessage(), e);
    }
  }

  /** Writes it to {@code file}. */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), this);
  }
}
