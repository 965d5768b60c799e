package org.jicp.replica.node;

import java.util.ArrayList;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * The network of nodes in one JVM: every message arrives, in the order sent, at the next {@link
 * #drain} (zero latency; the subnet's driver decides when nodes step). Thread-safe.
 */
public final class InProcessNetwork implements ArtifactNetwork {
  private final List<Delivery> queue = new ArrayList<>();
  private long sent;

  @Override
  public synchronized void send(NodeId from, NodeId to, Channel channel, Bytes bytes) {
    queue.add(new Delivery(from, to, channel, bytes));
    sent++;
  }

  @Override
  public synchronized List<Delivery> drain() {
    List<Delivery> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

  @Override
  public synchronized long sent() {
    return sent;
  }
}
