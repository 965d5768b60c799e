package org.jicp.nns.registry;

import org.jicp.types.RegistryVersion;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.NodeId;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.UnauthorizedCallerException;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.ManagementCalls;
import org.jicp.nns.host.NativeCanister;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.host.OutgoingCall;
import org.jicp.types.RejectCode;
import org.jicp.nns.host.Response;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.internal.pb.RegistryStatePb;
import org.jicp.nns.registry.pb.CertifiedResponse;
import org.jicp.nns.registry.pb.RegistryAtomicMutateRequest;
import org.jicp.nns.registry.pb.RegistryAtomicMutateResponse;
import org.jicp.nns.registry.pb.RegistryDelta;
import org.jicp.nns.registry.pb.RegistryError;
import org.jicp.nns.registry.pb.RegistryGetChangesSinceRequest;
import org.jicp.nns.registry.pb.RegistryGetChangesSinceResponse;
import org.jicp.nns.registry.pb.RegistryGetLatestVersionResponse;
import org.jicp.nns.registry.pb.RegistryGetValueRequest;
import org.jicp.nns.registry.pb.RegistryGetValueResponse;
import org.jicp.nns.registry.pb.RegistryValue;
import org.jicp.state.tree.HashTree;

/**
 * The registry hosted as a native system canister at {@code rwlgt-iiaaa-aaaaa-aaaaa-cai}. As on
 * mainnet, the reads {@code get_value}, {@code get_latest_version}, {@code get_changes_since} and
 * {@code get_certified_changes_since} speak protobuf ({@code transport.proto}); the mutations speak
 * Candid ({@code registry.did} names) and may be called by governance only — except {@code add_node},
 * called by a node operator — and reply {@code ()} or reject naming the broken rule. Mutations that
 * need keys ({@code create_subnet}, {@code recover_subnet}, {@code split_subnet}, {@code
 * merge_subnets}) call the management canister's {@code setup_initial_dkg} first. jicp's own query
 * {@code get_nodes_with_providers} lists each node with its operator, provider and subnet (for
 * governance's performance-based node-provider rewards).
 */
public final class RegistryCanister extends NativeCanister {
  /** {@code get_changes_since} returns at most this many versions (clients ask again). */
  public static final int MAX_VERSIONS_PER_RESPONSE = 1000;

  /** {@code GetSubnetForCanisterRequest}. */
  public record GetSubnetForCanisterRequest(Optional<Principal> principal) {}

  /** {@code SubnetForCanister}. */
  public record SubnetForCanister(@CandidName("subnet_id") Optional<Principal> subnetId) {}

  /** {@code variant { Ok : SubnetForCanister; Err : text }}. */
  public sealed interface SubnetForCanisterResult {
    /** Found (or not routed: {@code subnet_id} absent). */
    record Ok(SubnetForCanister value) implements SubnetForCanisterResult {}

    /** Why not. */
    record Err(String value) implements SubnetForCanisterResult {}
  }

  /** {@code variant { Ok : NodeProvidersMonthlyXdrRewards; Err : text }}. */
  public sealed interface RewardsResult {
    /** The rewards. */
    record Ok(RegistryPayloads.NodeProvidersMonthlyXdrRewards value) implements RewardsResult {}

    /** Why not. */
    record Err(String value) implements RewardsResult {}
  }

  private final Registry registry;

  /** The canister around {@code registry}. */
  public RegistryCanister(Registry registry) {
    super(NnsCanisterIds.REGISTRY);
    this.registry = registry;
    query("get_latest_version", (ctx, a) -> Outcome.reply(
        RegistryGetLatestVersionResponse.newBuilder().setVersion(registry.latestVersion().value()).build().toByteArray()));
    query("get_value", (ctx, a) -> Outcome.reply(getValue(parse(a, RegistryGetValueRequest.parser())).toByteArray()));
    query("get_changes_since", (ctx, a) -> Outcome.reply(
        changesSince(parse(a, RegistryGetChangesSinceRequest.parser()).getVersion()).toByteArray()));
    query("get_certified_changes_since", (ctx, a) -> Outcome.reply(
        certifiedChangesSince(parse(a, RegistryGetChangesSinceRequest.parser()).getVersion(), ctx).toByteArray()));
    query("get_subnet_for_canister", (ctx, a) -> {
      GetSubnetForCanisterRequest r = decode(a, GetSubnetForCanisterRequest.class);
      if (r.principal().isEmpty()) {
        return reply(SubnetForCanisterResult.class, new SubnetForCanisterResult.Err("no principal given"));
      }
      return reply(SubnetForCanisterResult.class, new SubnetForCanisterResult.Ok(
          new SubnetForCanister(registry.subnetForCanister(r.principal().get()).map(s -> s.principal()))));
    });
    query("get_node_providers_monthly_xdr_rewards", (ctx, a) -> reply(RewardsResult.class,
        new RewardsResult.Ok(new RegistryPayloads.NodeProvidersMonthlyXdrRewards(registry.nodeProvidersMonthlyXdrRewards()))));
    query("get_nodes_with_providers", (ctx, a) -> reply(new RegistryPayloads.NodesWithProviders(registry.nodesWithProviders())));

    // The request's preconditions are ignored, as by the IC's registry canister, which applies
    // only request.mutations (dfinity/ic rs/registry/canister/canister/canister.rs, atomic_mutate);
    // the invariants are checked after the batch instead.
    update("atomic_mutate", (ctx, a) -> {
      governanceOnly(ctx, "atomic_mutate");
      RegistryAtomicMutateRequest req = parse(a, RegistryAtomicMutateRequest.parser());
      RegistryVersion v = registry.atomicMutate(req.getMutationsList());
      return Outcome.reply(RegistryAtomicMutateResponse.newBuilder().setVersion(v.value()).build().toByteArray());
    });
    mutation("add_nodes_to_subnet", RegistryPayloads.AddNodesToSubnetPayload.class, registry::addNodesToSubnet);
    mutation("remove_nodes_from_subnet", RegistryPayloads.RemoveNodesFromSubnetPayload.class, registry::removeNodesFromSubnet);
    mutation("change_subnet_membership", RegistryPayloads.ChangeSubnetMembershipPayload.class, registry::changeSubnetMembership);
    mutation("update_subnet", RegistryPayloads.UpdateSubnetPayload.class, registry::updateSubnet);
    mutation("add_or_remove_data_centers", RegistryPayloads.AddOrRemoveDataCentersProposalPayload.class, registry::addOrRemoveDataCenters);
    mutation("add_node_operator", RegistryPayloads.AddNodeOperatorPayload.class, registry::addNodeOperator);
    mutation("update_node_operator_config", RegistryPayloads.UpdateNodeOperatorConfigPayload.class, registry::updateNodeOperatorConfig);
    mutation("remove_nodes", RegistryPayloads.RemoveNodesPayload.class, registry::removeNodes);
    mutation("revise_elected_guestos_versions", RegistryPayloads.ReviseElectedGuestosVersionsPayload.class,
        registry::reviseElectedGuestosVersions);
    mutation("deploy_guestos_to_all_subnet_nodes", RegistryPayloads.DeployGuestosToAllSubnetNodesPayload.class,
        registry::deployGuestosToAllSubnetNodes);
    mutation("reroute_canister_ranges", RegistryPayloads.RerouteCanisterRangesPayload.class, registry::rerouteCanisterRanges);
    mutation("prepare_canister_migration", RegistryPayloads.PrepareCanisterMigrationPayload.class, registry::prepareCanisterMigration);
    mutation("complete_canister_migration", RegistryPayloads.CompleteCanisterMigrationPayload.class, registry::completeCanisterMigration);
    mutation("update_node_rewards_table", RegistryPayloads.UpdateNodeRewardsTableProposalPayload.class, registry::updateNodeRewardsTable);
    mutation("set_firewall_config", RegistryPayloads.SetFirewallConfigPayload.class, registry::setFirewallConfig);
    update("add_node", (ctx, a) -> reply(registry.addNode(ctx.caller(), decode(a, RegistryPayloads.AddNodePayload.class)).principal()));

    update("create_subnet", (ctx, a) -> {
      governanceOnly(ctx, "create_subnet");
      RegistryPayloads.CreateSubnetPayload p = decode(a, RegistryPayloads.CreateSubnetPayload.class);
      return withDkg(registry.dkgNodesForCreateSubnet(p), new DkgContext("create_subnet", a, List.of(), List.of()));
    });
    update("recover_subnet", (ctx, a) -> {
      governanceOnly(ctx, "recover_subnet");
      RegistryPayloads.RecoverSubnetPayload p = decode(a, RegistryPayloads.RecoverSubnetPayload.class);
      return withDkg(registry.dkgNodesForRecoverSubnet(p), new DkgContext("recover_subnet", a, List.of(), List.of()));
    });
    update("split_subnet", (ctx, a) -> {
      governanceOnly(ctx, "split_subnet");
      RegistryPayloads.SplitSubnetPayload p = decode(a, RegistryPayloads.SplitSubnetPayload.class);
      Registry.SplitNodes nodes = registry.dkgNodesForSplit(p);
      return withDkg(nodes.source(), new DkgContext("split_subnet", a, principals(nodes.destination()), List.of()));
    });
    update("merge_subnets", (ctx, a) -> {
      governanceOnly(ctx, "merge_subnets");
      RegistryPayloads.MergeSubnetsPayload p = decode(a, RegistryPayloads.MergeSubnetsPayload.class);
      return withDkg(registry.dkgNodesForMerge(p), new DkgContext("merge_subnets", a, List.of(), List.of()));
    });
    step(STEP_DKG, this::dkgDone);
  }

  /** The registry state machine. */
  public Registry registry() {
    return registry;
  }

  private <T> void mutation(String name, Class<T> type, Function<T, RegistryVersion> op) {
    update(name, (ctx, a) -> {
      governanceOnly(ctx, name);
      op.apply(decode(a, type));
      return replyEmpty();
    });
  }

  private static void governanceOnly(CallContext ctx, String method) {
    if (!ctx.caller().equals(NnsCanisterIds.GOVERNANCE.principal())) {
      throw new UnauthorizedCallerException(ctx.caller(), "call " + method + " (only governance may mutate the registry)");
    }
  }

  /**
   * The context of a mutation waiting for {@code setup_initial_dkg}: the method and its argument,
   * the nodes of a second key set still to set up (the destination of a split), and the replies
   * received so far.
   */
  private record DkgContext(String method, Bytes arg, List<Principal> nextNodes, List<Bytes> replies) {}

  private static final String STEP_DKG = "setup_initial_dkg";

  private static List<Principal> principals(List<NodeId> nodes) {
    List<Principal> ids = new ArrayList<>();
    nodes.forEach(n -> ids.add(n.principal()));
    return ids;
  }

  /** Calls {@code setup_initial_dkg} for {@code nodes}; {@link #dkgDone} continues. */
  private Outcome withDkg(List<NodeId> nodes, DkgContext c) {
    return withDkgOf(principals(nodes), c);
  }

  private Outcome withDkgOf(List<Principal> nodes, DkgContext c) {
    byte[] arg = encode(new ManagementCalls.SetupInitialDkgArgs(nodes, registry.latestVersion().value()));
    return await(OutgoingCall.of(Principal.managementCanister(), "setup_initial_dkg", arg), STEP_DKG, c);
  }

  private Outcome dkgDone(CallContext ctx, Bytes context, Response r) {
    DkgContext c = context(context, DkgContext.class);
    if (r instanceof Response.Reject rej) {
      return new Outcome.Reject(RejectCode.CANISTER_REJECT, "setup_initial_dkg failed: " + rej.message());
    }
    List<Bytes> replies = new ArrayList<>(c.replies());
    replies.add(((Response.Reply) r).bytes());
    if (!c.nextNodes().isEmpty()) {
      return withDkgOf(c.nextNodes(), new DkgContext(c.method(), c.arg(), List.of(), replies));
    }
    List<InitialDkgResult> dkg = new ArrayList<>();
    replies.forEach(b -> dkg.add(decode(b, ManagementCalls.SetupInitialDkgResponse.class).toResult()));
    switch (c.method()) {
      case "create_subnet" -> registry.createSubnet(decode(c.arg(), RegistryPayloads.CreateSubnetPayload.class), dkg.get(0));
      case "recover_subnet" -> registry.recoverSubnet(decode(c.arg(), RegistryPayloads.RecoverSubnetPayload.class), dkg.get(0));
      case "split_subnet" -> registry.splitSubnet(decode(c.arg(), RegistryPayloads.SplitSubnetPayload.class), dkg.get(0), dkg.get(1));
      case "merge_subnets" -> registry.mergeSubnets(decode(c.arg(), RegistryPayloads.MergeSubnetsPayload.class), dkg.get(0));
      default -> throw new IllegalStateException("no mutation " + c.method() + " waits for keys");
    }
    return replyEmpty();
  }

  private static <T extends com.google.protobuf.Message> T parse(Bytes a, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(a.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("the argument is not a valid protobuf message: " + e.getMessage(), e);
    }
  }

  private RegistryGetValueResponse getValue(RegistryGetValueRequest req) {
    String key = req.getKey().toString(StandardCharsets.UTF_8);
    RegistryVersion version = req.hasVersion() && req.getVersion().getValue() > 0
        ? RegistryVersion.of(req.getVersion().getValue())
        : registry.latestVersion();
    if (version.compareTo(registry.latestVersion()) > 0) {
      return RegistryGetValueResponse.newBuilder().setError(RegistryError.newBuilder()
          .setCode(RegistryError.Code.VERSION_BEYOND_LATEST).setReason("version " + version + " is beyond the latest")).build();
    }
    return registry.getValue(key, version)
        .map(v -> RegistryGetValueResponse.newBuilder().setVersion(v.version().value())
            .setValue(ByteString.copyFrom(v.value().toByteArray())).build())
        .orElse(RegistryGetValueResponse.newBuilder().setError(RegistryError.newBuilder()
            .setCode(RegistryError.Code.KEY_NOT_PRESENT).setKey(req.getKey()).setReason("key not present")).build());
  }

  private RegistryGetChangesSinceResponse changesSince(long version) {
    RegistryGetChangesSinceResponse.Builder b =
        RegistryGetChangesSinceResponse.newBuilder().setVersion(registry.latestVersion().value());
    for (RegistryStore.Delta d : registry.store().changesSince(RegistryVersion.of(version), MAX_VERSIONS_PER_RESPONSE)) {
      RegistryDelta.Builder db = RegistryDelta.newBuilder().setKey(ByteString.copyFromUtf8(d.key()));
      for (RegistryStore.Change c : d.values()) {
        RegistryValue.Builder vb = RegistryValue.newBuilder().setVersion(c.version());
        c.value().ifPresentOrElse(v -> vb.setValue(ByteString.copyFrom(v.toByteArray())), () -> vb.setDeletionMarker(true));
        db.addValues(vb);
      }
      b.addDeltas(db);
    }
    return b.build();
  }

  private CertifiedResponse certifiedChangesSince(long version, CallContext ctx) {
    long latest = registry.latestVersion().value();
    long to = Math.min(latest, version + MAX_VERSIONS_PER_RESPONSE);
    List<List<Bytes>> paths = new ArrayList<>();
    paths.add(HashTree.path("current_version"));
    for (long v = version + 1; v <= to; v++) {
      paths.add(List.of(HashTree.utf8("delta"), Bytes.of(Hashing.u64be(v))));
    }
    HashTree witness = registry.certifiedTree().witness(paths);
    CertifiedResponse.Builder b = CertifiedResponse.newBuilder().setHashTreeCbor(ByteString.copyFrom(witness.encodeCbor()));
    ctx.dataCertificate().ifPresent(c -> b.setCertificate(ByteString.copyFrom(c.toByteArray())));
    return b.build();
  }

  @Override
  public Bytes certifiedData() {
    return registry.certifiedData();
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    return registry.atomic(body);
  }

  @Override
  public Bytes saveState() {
    return Bytes.of(RegistryStatePb.newBuilder().addAllChangelog(registry.store().changelog()).build().toByteArray());
  }

  /** The canister rebuilt from {@link #saveState()}'s bytes. */
  public static RegistryCanister restore(Bytes state) {
    try {
      return new RegistryCanister(Registry.fromChangelog(RegistryStatePb.parseFrom(state.toByteArray()).getChangelogList()));
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("registry state: " + e.getMessage(), e);
    }
  }
}
