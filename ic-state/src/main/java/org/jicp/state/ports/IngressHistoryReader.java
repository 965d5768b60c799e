package org.jicp.state.ports;

import java.util.Optional;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.types.MessageId;

/**
 * Reads the ingress history of the latest state (dfinity/ic {@code IngressHistoryReader}): the
 * ingress manager uses it not to propose a message twice, the HTTP layer to answer
 * {@code request_status}. Contract: answers from the latest committed state; a status, once
 * final, stays final until it is pruned (then it is empty again).
 */
public interface IngressHistoryReader {
  /** The status of {@code id} in the latest state, empty if unknown there. */
  Optional<IngressStatus> latestStatus(MessageId id);
}
