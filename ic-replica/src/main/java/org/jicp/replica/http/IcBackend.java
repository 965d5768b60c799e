package org.jicp.replica.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.MessageId;
import org.jicp.types.NodeId;
import org.jicp.types.RejectCode;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;

/**
 * What the IC HTTP interface needs from a replica (the port between {@link IcHttpServer} and the
 * replica behind it). The HTTP layer parses, authenticates and checks every request (envelope,
 * sender, expiry, effective canister id, read_state path rules, sizes) before it calls this port;
 * an implementation executes, certifies and signs.
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>{@link #topology()} is fixed for the life of the backend (subnets are not added while it
 *       runs); the first subnet whose certificates carry no delegation is the root subnet, its
 *       threshold key is {@link Topology#rootKeyDer()}.
 *   <li>{@link #submit} is idempotent per request id: submitting an id already known answers
 *       {@link Submission.Accepted} and executes nothing again. A {@link Submission.Rejected}
 *       (non-replicated rejection: unknown canister, {@code canister_inspect_message} refused,
 *       out of cycles at induction, unsupported management call) leaves no trace in the state.
 *   <li>{@link #awaitCertified} returns a terminal status ({@code replied}, {@code rejected}) only
 *       once a certified state contains it, so that {@link #certificate} for {@code
 *       /request_status/<id>} proves it at once.
 *   <li>{@link #certificate} answers from the latest certified state of the subnet: a CBOR
 *       certificate (tag 55799) whose tree is the witness of exactly the given paths plus {@code
 *       /time}, signed by the subnet's threshold key, with the root subnet's delegation (scoped by
 *       the subnet's canister ranges) when the subnet is not the root subnet.
 *   <li>Methods are safe to call from many threads at once.
 * </ul>
 */
public interface IcBackend extends AutoCloseable {

  /** The replica's shape: root key, subnets in their configured order, default effective id. */
  /** The dashboard page (HTML), if this backend has one ({@code GET /_/dashboard}). */
  default Optional<byte[]> dashboard() {
    return Optional.empty();
  }

  Topology topology();

  /**
   * Hands a parsed, authenticated ingress message to {@code subnet} (the subnet that hosts its
   * effective canister id).
   */
  Submission submit(SubnetId subnet, Ingress message);

  /**
   * Waits at most {@code timeout} until {@code id} is replied or rejected in a certified state of
   * {@code subnet}; empty when it is not (yet) — the HTTP layer then answers 202 and the client
   * polls read_state.
   */
  Optional<IngressStatus> awaitCertified(SubnetId subnet, MessageId id, Duration timeout)
      throws InterruptedException;

  /** Runs a query on the latest state of {@code subnet}; nothing it changes is kept. */
  QueryResult query(SubnetId subnet, Query query);

  /**
   * The answer {@link #query} would give, if the backend has it at hand without executing
   * anything (it remembers the answers of earlier queries on the same certified state); empty
   * otherwise. Must not wait for execution: the HTTP server calls it on its I/O threads.
   */
  default Optional<QueryResult> cachedQuery(SubnetId subnet, Query query) {
    return Optional.empty();
  }

  /**
   * The Ed25519 signature by {@code node} (a node of {@code subnet}) over {@code "\x0Bic-response"
   * · responseHash}, the representation-independent hash of a query response (interface
   * specification, "Signed query responses"). The domain separator is added here, so the key
   * signs nothing else through this method.
   */
  Bytes signQueryResponse(SubnetId subnet, NodeId node, Bytes responseHash);

  /**
   * The node that signs query responses of {@code subnet} when the backend is one node (a
   * testnet process); empty when the backend holds every node, which then sign in turn.
   */
  default Optional<NodeId> queryNode(SubnetId subnet) {
    return Optional.empty();
  }

  /**
   * The certificate (CBOR) of {@code paths} in the latest certified state of {@code subnet}; the
   * caller has checked the paths against the read_state rules.
   */
  Bytes certificate(SubnetId subnet, List<List<Bytes>> paths);

  /** The height of the latest certified state of {@code subnet}. */
  long certifiedHeight(SubnetId subnet);

  /**
   * The subnet whose certified height {@code /api/v2/status} reports: the first of the topology
   * (a replica serving every subnet), or a node's own subnet.
   */
  default SubnetId statusSubnet() {
    return topology().subnets().get(0).id();
  }

  /** The sender of request {@code id} if {@code subnet} knows the request (read_state rule). */
  Optional<Principal> requestSender(SubnetId subnet, MessageId id);

  /**
   * Whether request {@code id} is on its way in {@code subnet}: waiting in its ingress pool or
   * not yet final in its latest state (a read_state poll then waits briefly for it).
   */
  default boolean requestPending(SubnetId subnet, MessageId id) {
    return false;
  }

  /** The controllers of {@code canister}, empty if it does not exist ({@code icp:private}). */
  Optional<List<Principal>> controllers(CanisterId canister);

  /** Releases everything; requests in progress may fail. */
  @Override
  void close();

  /**
   * The replica's topology.
   *
   * @param rootKeyDer the root subnet's threshold key, DER (133 bytes)
   * @param subnets the subnets, in their configured order
   * @param defaultEffectiveCanisterId an id inside the first application subnet's range (or the
   *     first subnet's), for clients that create canisters without naming a subnet
   */
  record Topology(Bytes rootKeyDer, List<SubnetInfo> subnets, CanisterId defaultEffectiveCanisterId) {
    /** Validates and copies the components. */
    public Topology {
      Objects.requireNonNull(rootKeyDer, "rootKeyDer");
      subnets = List.copyOf(subnets);
      Objects.requireNonNull(defaultEffectiveCanisterId, "defaultEffectiveCanisterId");
    }

    /** The subnet whose canister ranges contain {@code id}. */
    public Optional<SubnetInfo> route(Principal id) {
      for (SubnetInfo s : subnets) {
        if (s.ranges().contains(id)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }

    /** The subnet with id {@code id}. */
    public Optional<SubnetInfo> subnet(SubnetId id) {
      return subnets.stream().filter(s -> s.id().equals(id)).findFirst();
    }
  }

  /**
   * One subnet.
   *
   * @param id the subnet id (self-authenticating principal of its threshold key)
   * @param kind the kind it was configured as: {@code nns}, {@code application}, {@code system},
   *     {@code verified_application} or {@code fiduciary}
   * @param type its subnet type
   * @param ranges its canister ranges
   * @param nodes its nodes, each with its Ed25519 node signing key (DER, 44 bytes)
   * @param maxIngressBytes the largest ingress message it takes (2 MiB; 3.5 MiB on the NNS)
   */
  record SubnetInfo(SubnetId id, String kind, SubnetType type, CanisterRanges ranges,
      List<NodeInfo> nodes, int maxIngressBytes) {
    /** Validates and copies the components. */
    public SubnetInfo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(ranges, "ranges");
      nodes = List.copyOf(nodes);
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("a subnet has at least one node");
      }
    }
  }

  /**
   * A node.
   *
   * @param id the node id
   * @param publicKeyDer its Ed25519 node signing key, DER
   */
  record NodeInfo(NodeId id, Bytes publicKeyDer) {
    /** Validates the components. */
    public NodeInfo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(publicKeyDer, "publicKeyDer");
    }
  }

  /**
   * An authenticated ingress message (an update call).
   *
   * @param id the request id
   * @param sender the authenticated sender
   * @param canister the callee ({@code aaaaa-aa} for the management canister)
   * @param effectiveCanisterId the effective canister id of the URL (already checked)
   * @param method the method name
   * @param arg the argument
   * @param expiryNanos {@code ingress_expiry}
   * @param envelope the request body as the client sent it (what blocks carry and other nodes
   *     re-validate)
   */
  record Ingress(MessageId id, Principal sender, CanisterId canister,
      CanisterId effectiveCanisterId, String method, Bytes arg, long expiryNanos,
      Bytes envelope) {
    /** Validates the components. */
    public Ingress {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(canister, "canister");
      Objects.requireNonNull(effectiveCanisterId, "effectiveCanisterId");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(arg, "arg");
    }
  }

  /**
   * An authenticated query.
   *
   * @param sender the authenticated sender
   * @param canister the callee
   * @param method the method name
   * @param arg the argument
   */
  record Query(Principal sender, CanisterId canister, String method, Bytes arg) {
    /** Validates the components. */
    public Query {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(canister, "canister");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(arg, "arg");
    }
  }

  /** The outcome of {@link #submit}. */
  sealed interface Submission {
    /** Accepted into the ingress pool (or already known). */
    record Accepted() implements Submission {}

    /**
     * Refused before execution (non-replicated rejection).
     *
     * @param code the reject code
     * @param message the reject message
     * @param errorCode the error code
     */
    record Rejected(RejectCode code, String message, ErrorCode errorCode) implements Submission {
      /** Validates the components. */
      public Rejected {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(errorCode, "errorCode");
      }
    }
  }

  /** The outcome of {@link #query}. */
  sealed interface QueryResult {
    /** A reply. @param arg the reply bytes */
    record Replied(Bytes arg) implements QueryResult {
      /** Validates the component. */
      public Replied {
        Objects.requireNonNull(arg, "arg");
      }
    }

    /**
     * A reject.
     *
     * @param code the reject code
     * @param message the reject message
     * @param errorCode the error code
     */
    record Rejected(RejectCode code, String message, ErrorCode errorCode) implements QueryResult {
      /** Validates the components. */
      public Rejected {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(errorCode, "errorCode");
      }
    }
  }
}
