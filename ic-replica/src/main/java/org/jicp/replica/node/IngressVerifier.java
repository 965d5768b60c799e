package org.jicp.replica.node;

import java.util.Optional;
import org.jicp.types.IngressMessage;

/**
 * What a node checks of an ingress message in a block proposed by a peer, beyond its decoding and
 * expiry (which the payload builder checks itself): the sender's signature and delegations, as
 * the IC's ingress manager re-verifies every message of a block it validates.
 */
@FunctionalInterface
public interface IngressVerifier {
  /** Accepts every message (a subnet whose nodes trust each other's ingress). */
  IngressVerifier TRUSTING = (m, now) -> Optional.empty();

  /**
   * Why {@code m} is not acceptable in a block whose time is {@code nowNanos}, or empty if it is.
   * Never throws for forged or malformed content.
   */
  Optional<String> reject(IngressMessage m, long nowNanos);
}
