package org.jicp.nns.host;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.nns.NnsCandid;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.ManagementExtension;
import org.jicp.wasm.execution.NativeCanisterException;

/**
 * The management canister method {@code node_metrics_history} ({@code ic.did}) on the NNS subnet:
 * the block-maker statistics of the subnet named in the argument, from a {@link
 * NodeMetricsSource}. Canisters only (an ingress message is rejected, as on the IC); a malformed
 * argument is a reject (code 4). Deterministic and read-only by the source's contract.
 *
 * <p>On the IC the call is routed to the subnet it names, which answers from its own replicated
 * state; here the NNS subnet answers for every subnet from the port (jicp's limit, stated in {@code
 * docs/ic-nns.md}).
 */
public final class NodeMetricsHistory implements ManagementExtension {
  /** The method name. */
  public static final String METHOD = "node_metrics_history";

  /** The Java type of {@code node_metrics_history_result}. */
  public static final org.jicp.candid.mapping.TypeRef<java.util.List<ManagementCalls.NodeMetricsHistoryRecord>> HISTORY =
      new org.jicp.candid.mapping.TypeRef<>() {};

  private final NodeMetricsSource source;

  /** The method answering from {@code source}. */
  public NodeMetricsHistory(NodeMetricsSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public Bytes call(Context ctx, Bytes arg) {
    if (ctx.callerCanister().isEmpty()) {
      throw new NativeCanisterException("Only canisters can call ic00 method " + METHOD);
    }
    ManagementCalls.NodeMetricsHistoryArgs a;
    try {
      a = NnsCandid.MAPPER.decode(arg.toByteArray(), ManagementCalls.NodeMetricsHistoryArgs.class);
    } catch (RuntimeException e) {
      throw new NativeCanisterException(METHOD + ": the argument is not a node_metrics_history_args: " + e.getMessage(), e);
    }
    var history = source.history(new SubnetId(a.subnetId()), a.startAtTimestampNanos(), ctx.timeNanos());
    return Bytes.of(NnsCandid.MAPPER.encodeAs(HISTORY.type(), history));
  }
}
