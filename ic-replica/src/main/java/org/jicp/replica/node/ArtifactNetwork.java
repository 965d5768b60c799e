package org.jicp.replica.node;

import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * How the nodes of a subnet exchange consensus and certification artifacts: encoded bytes from
 * one node to another, decoded strictly by the receiver (which drops what is malformed). The
 * in-process implementation is {@link InProcessNetwork}; a transport between processes implements
 * the same interface.
 */
public interface ArtifactNetwork {
  /** The artifact channels. */
  enum Channel {
    /** Consensus artifacts ({@code ArtifactCodec}). */
    CONSENSUS,
    /** Certification artifacts ({@code CertificationCodec}). */
    CERTIFICATION
  }

  /**
   * Bytes that reached a node.
   *
   * @param from the sending node
   * @param to the receiving node
   * @param channel the channel
   * @param bytes the encoded artifact
   */
  record Delivery(NodeId from, NodeId to, Channel channel, Bytes bytes) {}

  /** Sends {@code bytes} from {@code from} to {@code to}. */
  void send(NodeId from, NodeId to, Channel channel, Bytes bytes);

  /** Takes everything that arrived since the last call, in arrival order. */
  List<Delivery> drain();

  /** How many deliveries were sent in total. */
  long sent();
}
