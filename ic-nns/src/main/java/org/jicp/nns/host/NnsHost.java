package org.jicp.nns.host;

import org.jicp.types.RejectCode;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.NnsException;
import org.jicp.nns.internal.Hashing;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.state.certification.CertificateIssuer;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;

/**
 * An in-process host for the NNS system canisters, for tests, the demo and embedders until the
 * replica hosts them: it routes calls between the canisters (and to a {@link ManagementCanister})
 * through one FIFO message queue, runs every handler and continuation atomically (a trap rolls the
 * message back and rejects the call), keeps a virtual clock that only moves when told, runs
 * heartbeats on {@link #tick()}, and upgrades canisters through their protobuf state. Everything is
 * single-threaded and deterministic: the same calls in the same order give the same states and
 * answers.
 *
 * <p>If given a {@link CertificateIssuer}, queries receive a data certificate of the canister's
 * certified data (a tree with {@code time} and {@code canister/<id>/certified_data}, signed by the
 * issuer's key).
 */
public final class NnsHost {
  private sealed interface Origin {}

  private record Ingress(long id) implements Origin {}

  private record FromCall(long callId) implements Origin {}

  private record NoReply() implements Origin {}

  private record Request(Origin origin, Principal caller, Principal target, String method, Bytes arg, Cycles cycles) {}

  private record ResponseMessage(long callId, Response response) {}

  private record PendingCall(Principal canister, Outcome.Continuation then, Origin origin) {}

  /** One delivered message, for traces. */
  public record Event(long timeNanos, Principal from, Principal to, String method, String what) {}

  private final Map<Principal, SystemCanister> canisters = new TreeMap<>();
  private final ManagementCanister management;
  private final Predicate<Principal> isSubnet;
  private final Optional<CertificateIssuer> certifier;
  private final Deque<Object> queue = new ArrayDeque<>();
  private final Map<Long, PendingCall> pending = new HashMap<>();
  private final Map<Long, Response> ingressResults = new HashMap<>();
  private final List<Event> trace = new ArrayList<>();
  private long nowNanos;
  private long nextId = 1;

  /**
   * A host at time {@code startNanos} with a management canister; {@code isSubnet} tells which
   * principals are subnet ids (callable as management canister of that subnet).
   */
  public NnsHost(long startNanos, ManagementCanister management, Predicate<Principal> isSubnet, Optional<CertificateIssuer> certifier) {
    this.nowNanos = startNanos;
    this.management = Objects.requireNonNull(management, "management");
    this.isSubnet = Objects.requireNonNull(isSubnet, "isSubnet");
    this.certifier = Objects.requireNonNull(certifier, "certifier");
  }

  /** Installs {@code canister} at its id. */
  public NnsHost install(SystemCanister canister) {
    canisters.put(canister.id().principal(), canister);
    return this;
  }

  /** The canister installed at {@code id}. */
  public SystemCanister canister(CanisterId id) {
    SystemCanister c = canisters.get(id.principal());
    if (c == null) {
      throw new IllegalArgumentException("no canister " + id);
    }
    return c;
  }

  /** The management canister. */
  public ManagementCanister management() {
    return management;
  }

  /** The host time in nanoseconds since the epoch. */
  public long nowNanos() {
    return nowNanos;
  }

  /** Moves the virtual clock forward by {@code d} (nothing else happens until {@link #tick}). */
  public void advanceTime(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go back");
    }
    nowNanos = Math.addExact(nowNanos, d.toNanos());
  }

  /** The messages delivered so far. */
  public List<Event> trace() {
    return java.util.Collections.unmodifiableList(trace);
  }

  /**
   * Submits an update call from {@code caller} and runs the host until no message is left; returns
   * the call's answer.
   */
  public Response update(Principal caller, CanisterId canister, String method, byte[] arg) {
    long id = nextId++;
    queue.add(new Request(new Ingress(id), caller, canister.principal(), method, Bytes.of(arg), Cycles.ZERO));
    drain();
    Response r = ingressResults.remove(id);
    if (r == null) {
      throw new IllegalStateException("call " + id + " to " + canister + "." + method + " got no answer");
    }
    return r;
  }

  /** Runs a query: its changes are discarded; it may not call other canisters. */
  public Response query(Principal caller, CanisterId canister, String method, byte[] arg) {
    SystemCanister c = canisters.get(canister.principal());
    if (c == null || !c.hasMethod(method)) {
      return new Response.Reject(RejectCode.DESTINATION_INVALID, canister + " has no method " + method);
    }
    if (!c.isQuery(method)) {
      return new Response.Reject(RejectCode.DESTINATION_INVALID, method + " is not a query");
    }
    CallContext ctx = new CallContext(caller, nowNanos, certificate(c));
    final Outcome[] out = new Outcome[1];
    try {
      c.atomic(() -> {
        out[0] = c.handle(ctx, method, Bytes.of(arg));
        throw new DiscardQuery();
      });
    } catch (DiscardQuery expected) {
      // The query's changes were rolled back.
    } catch (NnsException e) {
      return new Response.Reject(RejectCode.CANISTER_REJECT, e.getMessage());
    } catch (RuntimeException e) {
      return new Response.Reject(RejectCode.CANISTER_ERROR, "canister trapped: " + e);
    }
    if (out[0] instanceof Outcome.Reply r) {
      return new Response.Reply(r.bytes());
    } else if (out[0] instanceof Outcome.Reject r) {
      return new Response.Reject(r.code(), r.message());
    }
    return new Response.Reject(RejectCode.CANISTER_ERROR, "a query may only reply or reject");
  }

  private static final class DiscardQuery extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DiscardQuery() {
      super(null, null, false, false);
    }
  }

  private Optional<Bytes> certificate(SystemCanister c) {
    if (certifier.isEmpty()) {
      return Optional.empty();
    }
    HashTree canisterTree = HashTreeMap.empty()
        .put(c.id().principal().bytes(), HashTreeMap.empty().put("certified_data", HashTree.leaf(c.certifiedData())).tree())
        .tree();
    HashTree tree = HashTreeMap.empty()
        .put("canister", canisterTree)
        .put("time", HashTree.leaf(Hashing.leb128(nowNanos)))
        .tree();
    return Optional.of(Bytes.of(certifier.get().issue(tree).encode()));
  }

  /** Runs every canister's heartbeat once, then all resulting messages. */
  public void tick() {
    for (SystemCanister c : new ArrayList<>(canisters.values())) {
      CallContext ctx = CallContext.of(c.id().principal(), nowNanos);
      run(c, () -> c.heartbeat(ctx), new NoReply());
    }
    drain();
  }

  /**
   * Upgrades canister {@code id}: its state is saved and {@code restore} builds the new instance
   * from it. Refused (like stopping a canister) while calls of the canister are outstanding.
   */
  public SystemCanister upgrade(CanisterId id, Function<Bytes, SystemCanister> restore) {
    SystemCanister old = canister(id);
    boolean waiting = pending.values().stream().anyMatch(p -> p.canister().equals(id.principal()));
    if (waiting || old.hasOutstandingWork()) {
      throw new IllegalStateException("canister " + id + " has outstanding calls; it cannot be upgraded now");
    }
    SystemCanister fresh = restore.apply(old.saveState());
    if (!fresh.id().equals(id)) {
      throw new IllegalArgumentException("the restored canister has id " + fresh.id());
    }
    canisters.put(id.principal(), fresh);
    return fresh;
  }

  private void drain() {
    while (!queue.isEmpty()) {
      Object m = queue.poll();
      if (m instanceof Request r) {
        deliver(r);
      } else {
        ResponseMessage rm = (ResponseMessage) m;
        PendingCall pc = pending.remove(rm.callId());
        SystemCanister c = canisters.get(pc.canister());
        CallContext ctx = CallContext.of(pc.canister(), nowNanos);
        run(c, () -> pc.then().resume(ctx, rm.response()), pc.origin());
      }
    }
  }

  private void deliver(Request r) {
    SystemCanister c = canisters.get(r.target());
    if (c == null) {
      boolean mgmt = r.target().isManagementCanister();
      boolean subnet = isSubnet.test(r.target());
      if (mgmt || subnet) {
        Response resp;
        try {
          resp = management.handle(r.caller(), subnet ? Optional.of(new SubnetId(r.target())) : Optional.empty(),
              r.method(), r.arg(), r.cycles());
        } catch (NnsException e) {
          resp = new Response.Reject(RejectCode.CANISTER_REJECT, e.getMessage());
        }
        log(r, resp instanceof Response.Reply ? "reply" : "reject: " + ((Response.Reject) resp).message());
        respond(r.origin(), resp);
        return;
      }
      respond(r.origin(), new Response.Reject(RejectCode.DESTINATION_INVALID, "no canister " + r.target()));
      return;
    }
    if (!c.hasMethod(r.method())) {
      respond(r.origin(), new Response.Reject(RejectCode.DESTINATION_INVALID, c.id() + " has no method " + r.method()));
      return;
    }
    log(r, "call");
    CallContext ctx = CallContext.of(r.caller(), nowNanos);
    run(c, () -> c.handle(ctx, r.method(), r.arg()), r.origin());
  }

  private void log(Request r, String what) {
    trace.add(new Event(nowNanos, r.caller(), r.target(), r.method(), what));
  }

  private void run(SystemCanister c, Supplier<Outcome> body, Origin origin) {
    Outcome o;
    try {
      o = c.atomic(body);
    } catch (NnsException e) {
      respond(origin, new Response.Reject(RejectCode.CANISTER_REJECT, e.getMessage()));
      return;
    } catch (RuntimeException e) {
      respond(origin, new Response.Reject(RejectCode.CANISTER_ERROR, "canister " + c.id() + " trapped: " + e));
      return;
    }
    dispatch(c, o, origin);
  }

  private void dispatch(SystemCanister c, Outcome o, Origin origin) {
    if (o instanceof Outcome.Reply r) {
      respond(origin, new Response.Reply(r.bytes()));
    } else if (o instanceof Outcome.Reject r) {
      respond(origin, new Response.Reject(r.code(), r.message()));
    } else if (o instanceof Outcome.Await a) {
      long id = nextId++;
      pending.put(id, new PendingCall(c.id().principal(), a.then(), origin));
      queue.add(new Request(new FromCall(id), c.id().principal(), a.call().target(), a.call().method(), a.call().arg(), a.call().cycles()));
    } else if (o instanceof Outcome.All all) {
      boolean first = true;
      for (Outcome x : all.outcomes()) {
        dispatch(c, x, first ? origin : new NoReply());
        first = false;
      }
    } else if (!(origin instanceof NoReply)) {
      respond(origin, new Response.Reject(RejectCode.CANISTER_ERROR, "canister " + c.id() + " did not reply"));
    }
  }

  private void respond(Origin origin, Response r) {
    if (origin instanceof Ingress i) {
      ingressResults.put(i.id(), r);
    } else if (origin instanceof FromCall f) {
      queue.add(new ResponseMessage(f.callId(), r));
    }
  }

  /** A deterministic, seedable stand-in for subnets as callees: all principals of {@code subnets}. */
  public static Predicate<Principal> subnets(Supplier<List<SubnetId>> subnets) {
    return p -> subnets.get().stream().anyMatch(s -> s.principal().equals(p));
  }
}
