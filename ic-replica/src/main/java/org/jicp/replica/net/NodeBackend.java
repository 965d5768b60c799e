package org.jicp.replica.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.replica.http.IcBackend;
import org.jicp.replica.http.ReplicaBackend;
import org.jicp.replica.node.IngressCodec;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.types.Time;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * The {@link IcBackend} of one testnet node: the topology of the whole testnet, and everything
 * else answered by this node for its own subnet (requests for other subnets are forwarded before
 * they get here, by {@link RoutingHandler}).
 */
public final class NodeBackend implements IcBackend {
  private final NodeRuntime node;
  private final Topology topology;

  /** The backend of {@code node} (closed with it). */
  public NodeBackend(NodeRuntime node) {
    this.node = node;
    List<SubnetInfo> infos = new ArrayList<>();
    TestnetGenesis g = node.genesis();
    for (TestnetGenesis.Subnet s : g.subnets()) {
      List<NodeInfo> nodes = new ArrayList<>();
      for (Map.Entry<NodeId, Bytes> n : g.topology().get(s.id()).nodePublicKeys().entrySet()) {
        nodes.add(new NodeInfo(n.getKey(), n.getValue()));
      }
      infos.add(new SubnetInfo(s.id(), s.kind().text(), s.kind().type(), s.ranges(), nodes,
          s.kind() == Replica.SubnetKind.NNS ? ReplicaBackend.MAX_INGRESS_BYTES_NNS
              : ReplicaBackend.MAX_INGRESS_BYTES));
    }
    TestnetGenesis.Subnet first = g.subnets().stream()
        .filter(s -> s.kind() == Replica.SubnetKind.APPLICATION).findFirst()
        .orElse(g.subnets().get(0));
    this.topology = new Topology(g.root().publicKey().toDer(), infos,
        first.ranges().ranges().get(0).start());
  }

  private void local(SubnetId subnet) {
    if (!subnet.equals(node.subnet().id())) {
      throw new IllegalArgumentException("subnet " + subnet + " is served by other nodes");
    }
  }

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public Submission submit(SubnetId subnet, Ingress m) {
    local(subnet);
    IngressMessage msg = new IngressMessage(m.id(), Time.ofNanos(m.expiryNanos()), m.envelope());
    CanisterMessage.Ingress decoded;
    try {
      decoded = IngressCodec.decode(msg);
    } catch (RuntimeException e) {
      return new Submission.Rejected(org.jicp.types.RejectCode.CANISTER_REJECT,
          "malformed ingress message: " + e.getMessage(), ErrorCode.CANISTER_REJECTED_MESSAGE);
    }
    if (!decoded.receiver().equals(RoundExecutor.managementCanister())
        && node.stateManager().latestState().canister(decoded.receiver()).isEmpty()) {
      return new Submission.Rejected(org.jicp.types.RejectCode.DESTINATION_INVALID,
          "Canister " + decoded.receiver() + " not found", ErrorCode.CANISTER_NOT_FOUND);
    }
    Optional<ResponsePayload.Reject> inspected = node.inspect(decoded);
    if (inspected.isPresent()) {
      ResponsePayload.Reject j = inspected.get();
      return new Submission.Rejected(j.code(), j.message(),
          j.errorCode().orElse(ErrorCode.CANISTER_REJECTED_MESSAGE));
    }
    node.submit(msg);
    return new Submission.Accepted();
  }

  @Override
  public Optional<IngressStatus> awaitCertified(SubnetId subnet, MessageId id, Duration timeout)
      throws InterruptedException {
    local(subnet);
    return node.awaitCertified(id, timeout.toNanos());
  }

  @Override
  public QueryResult query(SubnetId subnet, Query q) {
    local(subnet);
    ResponsePayload p = node.query(q.canister(), q.method(), q.arg(), q.sender());
    if (p instanceof ResponsePayload.Reply r) {
      return new QueryResult.Replied(r.data());
    }
    ResponsePayload.Reject j = (ResponsePayload.Reject) p;
    return new QueryResult.Rejected(j.code(), j.message(),
        j.errorCode().orElse(ErrorCode.CANISTER_REJECTED_MESSAGE));
  }

  @Override
  public Bytes signQueryResponse(SubnetId subnet, NodeId n, Bytes responseHash) {
    local(subnet);
    if (!n.equals(node.id())) {
      throw new IllegalArgumentException("node " + n + " is not this node (" + node.id() + ")");
    }
    return node.signQueryResponse(responseHash);
  }

  @Override
  public Optional<NodeId> queryNode(SubnetId subnet) {
    return subnet.equals(node.subnet().id()) ? Optional.of(node.id()) : Optional.empty();
  }

  @Override
  public Bytes certificate(SubnetId subnet, List<List<Bytes>> paths) {
    local(subnet);
    return node.certificate(paths);
  }

  @Override
  public SubnetId statusSubnet() {
    return node.subnet().id(); // the first subnet of the topology may be another's
  }

  @Override
  public long certifiedHeight(SubnetId subnet) {
    local(subnet);
    return node.stateManager().latestCertifiedHeight().value();
  }

  @Override
  public Optional<Principal> requestSender(SubnetId subnet, MessageId id) {
    local(subnet);
    return node.stateManager().latestState().metadata().ingressHistory().get(id)
        .map(IngressStatus::user);
  }

  @Override
  public boolean requestPending(SubnetId subnet, MessageId id) {
    local(subnet);
    return node.pool().contains(id) || node.stateManager().latestState().metadata()
        .ingressHistory().get(id).map(st -> !st.kind().isTerminal()).orElse(false);
  }

  @Override
  public Optional<List<Principal>> controllers(CanisterId canister) {
    if (!node.subnet().ranges().contains(canister.principal())) {
      return Optional.empty();
    }
    return node.stateManager().latestState().canister(canister).map(CanisterState::system)
        .map(sys -> sys.controllers());
  }

  @Override
  public void close() {
    node.close();
  }
}
