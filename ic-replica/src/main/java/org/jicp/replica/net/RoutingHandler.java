package org.jicp.replica.net;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jicp.crypto.Principal;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.types.SubnetId;

/**
 * A testnet node's HTTP entry: requests for a canister or subnet this node's subnet does not host
 * are forwarded, bytes unchanged, to the nodes of the subnet that does (the first that answers,
 * starting from a rotating position), like a boundary node; everything else goes to the node's
 * own {@link IcHttpApi}, except {@code /api/v1/stream/…}, this subnet's certified streams to the
 * other subnets ({@link XNetEndpoint}).
 */
public final class RoutingHandler implements IcHttpServer.Handler {
  private static final Pattern CANISTER =
      Pattern.compile("^/api/v[234]/canister/([a-z0-9-]+)/(call|query|read_state)$");
  private static final Pattern SUBNET = Pattern.compile("^/api/v[23]/subnet/([a-z0-9-]+)/read_state$");

  private final IcHttpApi local;
  private final NodeRuntime node;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private int next;

  /** Routes between {@code local} (this node's API) and the other subnets' nodes. */
  public RoutingHandler(IcHttpApi local, NodeRuntime node) {
    this.local = local;
    this.node = node;
  }

  @Override
  public IcHttpApi.Answer handle(String method, String uri, byte[] body) {
    String path = uri.split("\\?", 2)[0];
    if (XNetEndpoint.handles(path)) {
      return node.xnetEndpoint().handle(method, uri);
    }
    Optional<Integer> other = Optional.empty();
    try {
      Matcher c = CANISTER.matcher(path);
      Matcher s = SUBNET.matcher(path);
      if ("POST".equals(method) && c.matches()) {
        other = subnetIndexOfCanister(Principal.fromText(c.group(1)));
      } else if ("POST".equals(method) && s.matches()) {
        other = subnetIndex(new SubnetId(Principal.fromText(s.group(1))));
      }
    } catch (RuntimeException e) {
      other = Optional.empty(); // malformed ids: the local API answers with its error
    }
    if (other.isEmpty() || other.get() == node.config().subnet()) {
      return local.handle(method, uri, body);
    }
    return forward(other.get(), uri, body);
  }

  private Optional<Integer> subnetIndexOfCanister(Principal p) {
    for (TestnetGenesis.Subnet s : node.genesis().subnets()) {
      if (s.ranges().contains(p)) {
        return Optional.of(s.index());
      }
    }
    return Optional.empty();
  }

  private Optional<Integer> subnetIndex(SubnetId id) {
    for (TestnetGenesis.Subnet s : node.genesis().subnets()) {
      if (s.id().equals(id)) {
        return Optional.of(s.index());
      }
    }
    return Optional.empty();
  }

  private IcHttpApi.Answer forward(int subnet, String uri, byte[] body) {
    List<NodeConfig.Address> targets = new ArrayList<>();
    for (NodeConfig.Address a : node.config().nodes()) {
      if (a.subnet() == subnet) {
        targets.add(a);
      }
    }
    int start;
    synchronized (this) {
      start = next++;
    }
    String failures = "";
    for (int i = 0; i < targets.size(); i++) {
      NodeConfig.Address a = targets.get(Math.floorMod(start + i, targets.size()));
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                URI.create("http://" + a.host() + ":" + a.httpPort() + uri))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/cbor")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        return new IcHttpApi.Answer(r.statusCode(),
            r.headers().firstValue("content-type").orElse("application/cbor"), r.body());
      } catch (IOException e) {
        failures += " " + a.host() + ":" + a.httpPort() + " (" + e + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new IcHttpApi.Answer(503, "text/plain", ("no node of subnet " + subnet
        + " answered:" + failures).getBytes(StandardCharsets.UTF_8));
  }
}
