package org.jicp.state.ports;

import org.jicp.state.replicated.ReplicatedState;

/**
 * Execution as message routing sees it (dfinity/ic {@code Scheduler::execute_round} with the
 * induction of its inputs): one deterministic round over the replicated state.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Deterministic.</b> The result is a function of {@code state} and {@code inputs} only:
 *       the same arguments give a byte-identical state on any executor instance and any engine
 *       (caches may differ, results may not).
 *   <li><b>Pure.</b> {@code state} is not modified (it is a value); the returned state has height
 *       {@code inputs.height()} and time {@code max(state time, inputs time)}.
 *   <li><b>Total.</b> Bad input never escapes as an exception: a message to a missing, stopped or
 *       frozen canister, a full queue, an oversized or malformed argument, an unknown method is a
 *       reject recorded where the IC records it (the ingress history with its error code, or a
 *       reject response to the calling canister); the state otherwise changes only as on the IC
 *       (history, charged cycles).
 *   <li><b>Everything replicated is in the state.</b> Messages not finished in this round stay in
 *       the returned state's queues and call contexts and continue in a later round, also on
 *       another executor that only ever saw the returned state.
 * </ul>
 */
public interface ExecutionEnvironment {
  /** Executes one round on {@code state} with {@code inputs}; returns the new state. */
  ReplicatedState executeRound(ReplicatedState state, RoundInputs inputs);
}
