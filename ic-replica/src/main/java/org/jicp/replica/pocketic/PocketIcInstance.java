package org.jicp.replica.pocketic;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jicp.replica.Replica;
import org.jicp.replica.http.IcSenderAuthenticator;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.replica.http.ReplicaBackend;
import org.jicp.types.SubnetId;

/**
 * One PocketIC instance: a {@link Replica} (deterministic unless made live with {@code
 * auto_progress}), the PocketIC names of its subnets, the IC HTTP interface on it and, once
 * asked for, an HTTP gateway (a second port serving that interface).
 */
final class PocketIcInstance implements AutoCloseable {
  /** A subnet as PocketIC names it: its id and PocketIC kind ({@code Application}, {@code NNS}, …). */
  record NamedSubnet(SubnetId id, String pocketIcKind) {}

  private final Replica replica;
  private final ReplicaBackend backend;
  private final IcHttpApi api;
  private final List<NamedSubnet> named;
  private Thread progress;
  private volatile boolean progressing;
  private IcHttpServer gateway;
  private int gatewayId = -1;

  PocketIcInstance(Replica replica, List<String> pocketIcKinds) {
    this.replica = Objects.requireNonNull(replica, "replica");
    this.backend = new ReplicaBackend(replica);
    // Ingress expiry and query signature timestamps follow the instance's clock (as in
    // PocketIC): an agent that synced its time from a certificate of this instance agrees.
    this.api = new IcHttpApi(backend, new IcSenderAuthenticator(replica.rootKey()), replica::timeNanos,
        Duration.ofSeconds(10));
    List<Replica.SubnetInfo> subnets = replica.subnets();
    if (subnets.size() != pocketIcKinds.size()) {
      throw new IllegalArgumentException("subnet names do not match the replica");
    }
    java.util.ArrayList<NamedSubnet> n = new java.util.ArrayList<>();
    for (int i = 0; i < subnets.size(); i++) {
      n.add(new NamedSubnet(subnets.get(i).id(), pocketIcKinds.get(i)));
    }
    this.named = List.copyOf(n);
  }

  Replica replica() {
    return replica;
  }

  IcHttpApi api() {
    return api;
  }

  List<NamedSubnet> namedSubnets() {
    return named;
  }

  /**
   * Starts auto progress: a thread that moves the clock to the wall clock and runs a round every
   * {@code delayMs} (at least 10 ms), as PocketIC's live mode does.
   */
  synchronized void autoProgress(long delayMs) {
    if (progressing) {
      return;
    }
    progressing = true;
    long period = Math.max(10, delayMs);
    progress = new Thread(() -> {
      long lastRound = 0;
      while (progressing) {
        try {
          // Rounds run at once when a subnet has work (or as asked: every delayMs); an idle
          // instance still runs a round every 500 ms so that its time moves on.
          long nowNanos = System.nanoTime();
          if (hasWork() || nowNanos - lastRound >= Math.max(period, 500) * 1_000_000L) {
            long wall = System.currentTimeMillis() * 1_000_000L;
            synchronized (replica) {
              long now = replica.timeNanos();
              if (wall > now) {
                replica.advanceTime(Duration.ofNanos(wall - now));
              }
              replica.tick();
            }
            lastRound = nowNanos;
          }
          Thread.sleep(delayMs > 0 ? period : 10);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // A failing round must not kill live mode; the next round tries again.
        }
      }
    }, "pocketic-progress");
    progress.setDaemon(true);
    progress.start();
  }

  private boolean hasWork() {
    for (NamedSubnet n : named) {
      if (replica.subnet(n.id()).hasWork()) {
        return true;
      }
    }
    return false;
  }

  /** Whether auto progress runs. */
  boolean autoProgressing() {
    return progressing;
  }

  /** Stops auto progress (and waits for the thread). */
  synchronized void stopProgress() {
    if (!progressing) {
      return;
    }
    progressing = false;
    progress.interrupt();
    try {
      progress.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    progress = null;
  }

  /** Starts the HTTP gateway on {@code host}:{@code port} (0: any free port); returns its port. */
  synchronized int startGateway(int id, String host, int port) throws InterruptedException {
    if (gateway == null) {
      gateway = IcHttpServer.builder().host(host).port(port).start(api);
      gatewayId = id;
    }
    return gateway.port();
  }

  synchronized int gatewayId() {
    return gatewayId;
  }

  /** Stops the HTTP gateway, if it runs. */
  synchronized void stopGateway() {
    if (gateway != null) {
      gateway.close();
      gateway = null;
      gatewayId = -1;
    }
  }

  @Override
  public void close() {
    stopProgress();
    stopGateway();
    backend.close();
  }
}
