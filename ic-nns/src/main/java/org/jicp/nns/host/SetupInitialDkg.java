package org.jicp.nns.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jicp.crypto.Bytes;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.NnsException;
import org.jicp.nns.registry.InitialDkg;
import org.jicp.nns.registry.InitialDkgResult;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.ports.RegistryClient;
import org.jicp.wasm.execution.ManagementExtension;
import org.jicp.wasm.execution.NativeCanisterException;

/**
 * The NNS subnet's management canister method {@code setup_initial_dkg} (not in {@code ic.did}: on
 * the IC only the registry canister calls it, and the NNS subnet's consensus answers it): the
 * initial NI-DKG of a subnet being created, recovered, split or merged. Only the registry canister
 * may call it; the argument is {@code SetupInitialDKGArgs} (node ids and the registry version the
 * receivers' keys are read at), the reply {@code SetupInitialDKGResponse}.
 *
 * <p>Deterministic and read-only: the DKG ({@code NiDkgInitialDkg}: seeded simulated dealers)
 * reads the registry only at the requested version, through a {@link RegistryClient} over the
 * registry canister's state; versions never change once written, so every node whose registry is
 * at or beyond that version computes the same reply. A version the client does not have yet, a
 * node without a key or a malformed argument is a reject (code 4) with the reason.
 */
public final class SetupInitialDkg implements ManagementExtension {
  /** The method name. */
  public static final String METHOD = "setup_initial_dkg";

  private final java.util.function.Supplier<RegistryClient> registry;
  private final Function<RegistryClient, InitialDkg> dkg;

  /**
   * The method reading the registry through {@code registry} (asked on every call: the client of
   * the registry canister's current instance) and running the DKG {@code dkg} builds over it.
   */
  public SetupInitialDkg(java.util.function.Supplier<RegistryClient> registry, Function<RegistryClient, InitialDkg> dkg) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.dkg = Objects.requireNonNull(dkg, "dkg");
  }

  @Override
  public Bytes call(Context ctx, Bytes arg) {
    if (!ctx.callerCanister().map(NnsCanisterIds.REGISTRY::equals).orElse(false)) {
      throw new NativeCanisterException(METHOD + " may only be called by the registry canister "
          + NnsCanisterIds.REGISTRY + ", not by " + ctx.caller());
    }
    ManagementCalls.SetupInitialDkgArgs a;
    try {
      a = org.jicp.nns.NnsCandid.MAPPER.decode(arg.toByteArray(), ManagementCalls.SetupInitialDkgArgs.class);
    } catch (RuntimeException e) {
      throw new NativeCanisterException(METHOD + ": the argument is not a SetupInitialDKGArgs: " + e.getMessage(), e);
    }
    List<NodeId> nodes = new ArrayList<>();
    a.nodeIds().forEach(p -> nodes.add(new NodeId(p)));
    InitialDkgResult r;
    try {
      r = dkg.apply(registry.get()).setupInitialDkg(nodes, RegistryVersion.of(a.registryVersion()));
    } catch (NnsException | RegistryClient.RegistryVersionUnavailableException | IllegalArgumentException e) {
      throw new NativeCanisterException(METHOD + " failed: " + e.getMessage(), e);
    }
    return Bytes.of(org.jicp.nns.NnsCandid.MAPPER.encode(ManagementCalls.SetupInitialDkgResponse.of(r)));
  }
}
