package org.jicp.replica.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.Time;

/**
 * The {@link IcBackend} of a {@link Replica}: what the IC HTTP interface serves. Calls enter the
 * ingress pool of the subnet that hosts their effective canister id as the envelope the client
 * sent (so that blocks and batch logs carry the signed bytes); queries run on the subnet's latest
 * certified state and are signed by the answering node's key; certificates are witnesses of the
 * latest certified state tree, with the NNS delegation for other subnets.
 */
public final class ReplicaBackend implements IcBackend {
  /** The largest ingress message on application subnets: 2 MiB. */
  public static final int MAX_INGRESS_BYTES = 2 * 1024 * 1024;
  /** The largest ingress message on the NNS: 3.5 MiB. */
  public static final int MAX_INGRESS_BYTES_NNS = 3584 * 1024;

  private final Replica replica;
  private volatile Topology topology;
  private volatile int topologySubnets;
  private volatile long topologyChanges;

  /** The backend of {@code replica} (which it closes on {@link #close}). */
  public ReplicaBackend(Replica replica) {
    this.replica = replica;
    this.topology = topologyOf(replica);
  }

  /** The topology as the replica runs it now (subnets started by the registry included). */
  private Topology topologyOf(Replica replica) {
    List<Replica.SubnetInfo> subnets = replica.subnets();
    topologySubnets = subnets.size();
    topologyChanges = replica.topologyChanges();
    List<SubnetInfo> infos = new ArrayList<>();
    for (Replica.SubnetInfo s : subnets) {
      List<NodeInfo> nodes = new ArrayList<>();
      for (Map.Entry<NodeId, Bytes> n : s.nodePublicKeys().entrySet()) {
        nodes.add(new NodeInfo(n.getKey(), n.getValue()));
      }
      infos.add(new SubnetInfo(s.id(), s.kind().text(), s.type(), s.ranges(), nodes,
          s.kind() == Replica.SubnetKind.NNS ? MAX_INGRESS_BYTES_NNS : MAX_INGRESS_BYTES));
    }
    return new Topology(replica.rootKey(), infos,
        replica.defaultSubnet().ranges().ranges().get(0).start());
  }

  private Dashboard dashboard;

  @Override
  public synchronized Optional<byte[]> dashboard() {
    if (dashboard == null) {
      dashboard = new Dashboard(replica);
    }
    return Optional.of(dashboard.render());
  }

  /** The wall clock in nanoseconds since the epoch (what the HTTP layer checks expiry against). */
  public static long systemNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  /** The replica. */
  public Replica replica() {
    return replica;
  }

  @Override
  public Topology topology() {
    if (replica.subnetCount() != topologySubnets
        || replica.topologyChanges() != topologyChanges) {
      topology = topologyOf(replica);
    }
    return topology;
  }

  @Override
  public Submission submit(SubnetId subnet, Ingress m) {
    Optional<ResponsePayload.Reject> r = replica.submitEnvelope(subnet,
        new IngressMessage(m.id(), Time.ofNanos(m.expiryNanos()), m.envelope()));
    if (r.isEmpty()) {
      return new Submission.Accepted();
    }
    ResponsePayload.Reject j = r.get();
    return new Submission.Rejected(j.code(), j.message(),
        j.errorCode().orElse(ErrorCode.CANISTER_REJECTED_MESSAGE));
  }

  @Override
  public Optional<IngressStatus> awaitCertified(SubnetId subnet, MessageId id, Duration timeout)
      throws InterruptedException {
    return replica.awaitCertified(subnet, id, timeout);
  }

  @Override
  public QueryResult query(SubnetId subnet, Query q) {
    return result(replica.subnet(subnet).query(q.canister(), q.method(), q.arg(), q.sender()));
  }

  @Override
  public Optional<QueryResult> cachedQuery(SubnetId subnet, Query q) {
    return replica.subnet(subnet).cachedQuery(q.canister(), q.method(), q.arg(), q.sender())
        .map(ReplicaBackend::result);
  }

  private static QueryResult result(ResponsePayload p) {
    if (p instanceof ResponsePayload.Reply r) {
      return new QueryResult.Replied(r.data());
    }
    ResponsePayload.Reject j = (ResponsePayload.Reject) p;
    return new QueryResult.Rejected(j.code(), j.message(),
        j.errorCode().orElse(ErrorCode.CANISTER_REJECTED_MESSAGE));
  }

  @Override
  public Bytes signQueryResponse(SubnetId subnet, NodeId node, Bytes responseHash) {
    return replica.subnet(subnet).signQueryResponse(node, responseHash);
  }

  @Override
  public Bytes certificate(SubnetId subnet, List<List<Bytes>> paths) {
    return replica.subnet(subnet).certificate(paths);
  }

  @Override
  public long certifiedHeight(SubnetId subnet) {
    return replica.subnet(subnet).certifiedHeight().value();
  }

  @Override
  public Optional<Principal> requestSender(SubnetId subnet, MessageId id) {
    SubnetRuntime s = replica.subnet(subnet);
    return s.latestStatus(id).map(IngressStatus::user);
  }

  @Override
  public boolean requestPending(SubnetId subnet, MessageId id) {
    SubnetRuntime s = replica.subnet(subnet);
    return s.pool().contains(id)
        || s.latestStatus(id).map(st -> !st.kind().isTerminal()).orElse(false);
  }

  @Override
  public Optional<List<Principal>> controllers(CanisterId canister) {
    return replica.subnetOf(canister.principal()).flatMap(s ->
        s.stateManager().latestState().canister(canister))
        .map(CanisterState::system).map(sys -> sys.controllers());
  }

  @Override
  public void close() {
    replica.close();
  }

  /** The subnet type of {@code kind} (for tests). */
  static SubnetType typeOf(String kind) {
    return Replica.SubnetKind.fromText(kind).type();
  }
}
