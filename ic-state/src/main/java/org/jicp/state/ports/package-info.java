/**
 * The ports between execution and the layers around it that need the replicated state (the others
 * are in {@code org.jicp.types.ports}): {@link org.jicp.state.ports.ExecutionEnvironment} (one
 * deterministic round) with its {@link org.jicp.state.ports.RoundInputs}, and the {@link
 * org.jicp.state.ports.IngressHistoryReader}.
 */
package org.jicp.state.ports;
