package org.jicp.nns.governance;

import org.jicp.nns.NnsCanisterIds;
import org.jicp.types.CanisterId;

/**
 * The NNS functions a proposal can execute ({@code NnsFunction} of {@code governance.proto}), with
 * the canister method each calls and the topic it belongs to. The numbers are the mainnet ones,
 * except {@link #SPLIT_SUBNET} and {@link #MERGE_SUBNETS}. Mainnet has both functions (dfinity/ic
 * system tests submit {@code NnsFunction::SplitSubnet} and {@code NnsFunction::MergeSubnets}), but
 * every version of the enum that could be read ends before them ({@code
 * rs/nns/governance/api/src/types.rs} at dfinity/ic {@code dbfd78ed}: last value {@code
 * SetSubnetOperationalLevel = 55}), so their numbers are unverified and jicp numbers them 1001
 * and 1002, outside the mainnet range; {@link #DEPLOY_SNS} (1003) is jicp's.
 */
public enum NnsFunction {
  /** Create a subnet. */
  CREATE_SUBNET(1, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "create_subnet"),
  /** Add unassigned nodes to a subnet. */
  ADD_NODE_TO_SUBNET(2, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "add_nodes_to_subnet"),
  /** Recover a subnet (new CUP contents). */
  RECOVER_SUBNET(6, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "recover_subnet"),
  /** Update a subnet's parameters (including halting). */
  UPDATE_CONFIG_OF_SUBNET(7, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "update_subnet"),
  /** Add a node operator (AssignNoid). */
  ASSIGN_NOID(8, Topic.PARTICIPANT_MANAGEMENT, NnsCanisterIds.REGISTRY, "add_node_operator"),
  /** Set the ICP/XDR conversion rate. */
  ICP_XDR_CONVERSION_RATE(10, Topic.EXCHANGE_RATE, NnsCanisterIds.CYCLES_MINTING, "set_icp_xdr_conversion_rate"),
  /** Deploy an elected GuestOS version to a subnet. */
  DEPLOY_GUESTOS_TO_ALL_SUBNET_NODES(11, Topic.IC_OS_VERSION_DEPLOYMENT, NnsCanisterIds.REGISTRY, "deploy_guestos_to_all_subnet_nodes"),
  /** Remove nodes from their subnets. */
  REMOVE_NODES_FROM_SUBNET(13, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "remove_nodes_from_subnet"),
  /** Set the subnets a principal (or everyone) may create canisters on. */
  SET_AUTHORIZED_SUBNETWORKS(14, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.CYCLES_MINTING, "set_authorized_subnetwork_list"),
  /** Set the firewall configuration. */
  SET_FIREWALL_CONFIG(15, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "set_firewall_config"),
  /** Change a node operator's allowance, data center or rewardable nodes. */
  UPDATE_NODE_OPERATOR_CONFIG(16, Topic.NODE_ADMIN, NnsCanisterIds.REGISTRY, "update_node_operator_config"),
  /** Remove unassigned nodes. */
  REMOVE_NODES(18, Topic.NODE_ADMIN, NnsCanisterIds.REGISTRY, "remove_nodes"),
  /** Update the node rewards table. */
  UPDATE_NODE_REWARDS_TABLE(20, Topic.NETWORK_ECONOMICS, NnsCanisterIds.REGISTRY, "update_node_rewards_table"),
  /** Add or remove data centers. */
  ADD_OR_REMOVE_DATA_CENTERS(21, Topic.PARTICIPANT_MANAGEMENT, NnsCanisterIds.REGISTRY, "add_or_remove_data_centers"),
  /** Reroute canister ranges (of a prepared migration). */
  REROUTE_CANISTER_RANGES(24, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "reroute_canister_ranges"),
  /** Record a canister range migration. */
  PREPARE_CANISTER_MIGRATION(28, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "prepare_canister_migration"),
  /** Remove a canister range migration. */
  COMPLETE_CANISTER_MIGRATION(29, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "complete_canister_migration"),
  /** Add and remove a subnet's nodes atomically. */
  CHANGE_SUBNET_MEMBERSHIP(31, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "change_subnet_membership"),
  /** Assign subnets to a subnet type (such as fiduciary) in the cycles minting canister. */
  CHANGE_SUBNET_TYPE_ASSIGNMENT(33, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.CYCLES_MINTING, "change_subnet_type_assignment"),
  /** Elect or unelect GuestOS (replica) versions. */
  REVISE_ELECTED_GUESTOS_VERSIONS(38, Topic.IC_OS_VERSION_ELECTION, NnsCanisterIds.REGISTRY, "revise_elected_guestos_versions"),
  /** Split a subnet (mainnet {@code SplitSubnet}; jicp numbering, the mainnet number is unverified). */
  SPLIT_SUBNET(1001, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "split_subnet"),
  /** Merge a subnet into another (mainnet {@code MergeSubnets}; jicp numbering, the mainnet number is unverified). */
  MERGE_SUBNETS(1002, Topic.SUBNET_MANAGEMENT, NnsCanisterIds.REGISTRY, "merge_subnets"),
  /**
   * Deploy a service nervous system through SNS-W ({@code deploy_new_sns}). Not an NNS function on
   * mainnet, where the {@code CreateServiceNervousSystem} proposal action makes governance call
   * SNS-W; jicp carries it as function 1003 (outside the mainnet range) with a jicp-shaped payload,
   * {@code SnsWasmCanister.DeployNewSnsRequest}.
   */
  DEPLOY_SNS(1003, Topic.SNS_AND_COMMUNITY_FUND, NnsCanisterIds.SNS_WASM, "deploy_new_sns");

  private final int number;
  private final Topic topic;
  private final CanisterId target;
  private final String method;

  NnsFunction(int number, Topic topic, CanisterId target, String method) {
    this.number = number;
    this.topic = topic;
    this.target = target;
    this.method = method;
  }

  /** The proto number. */
  public int number() {
    return number;
  }

  /** The topic of proposals executing this function. */
  public Topic topic() {
    return topic;
  }

  /** The canister that executes it. */
  public CanisterId target() {
    return target;
  }

  /** The method called with the proposal's payload. */
  public String method() {
    return method;
  }

  /** The function numbered {@code n}. */
  public static NnsFunction of(int n) {
    for (NnsFunction f : values()) {
      if (f.number == n) {
        return f;
      }
    }
    throw new GovernanceException(GovernanceException.ErrorType.INVALID_PROPOSAL, "NNS function " + n + " is not supported");
  }
}
