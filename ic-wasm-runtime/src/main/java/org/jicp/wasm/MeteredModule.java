package org.jicp.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import java.util.ArrayList;
import java.util.List;
import org.jicp.wasm.internal.exec.CanisterTrap;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.LoadedModule;
import org.jicp.wasm.internal.exec.SystemApi;

/**
 * One instance of a canister module for calling its plain exported functions directly, either
 * instrumented (metered exactly as canister code) or as Chicory runs the original module: what
 * the metering benchmarks compare. Not thread-safe. ic0 functions are available as in an update
 * context with an empty message; in the un-instrumented form they trap.
 */
public final class MeteredModule {
  private final LiveInstance metered;
  private final Instance plain;
  private long lastInstructions;

  private MeteredModule(LiveInstance metered, Instance plain) {
    this.metered = metered;
    this.plain = plain;
  }

  /** Loads {@code wasm}; {@code instrumented} selects the metered form. */
  public static MeteredModule load(byte[] wasm, Engine engine, boolean instrumented) {
    if (instrumented) {
      LoadedModule m = LoadedModule.load(wasm, ExecutionConfig.DEFAULT_MAX_CALL_DEPTH);
      return new MeteredModule(LiveInstance.fresh(m, engine,
          com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES), null);
    }
    Subnet.validate(wasm);
    WasmModule module = Parser.parse(wasm);
    List<com.dylibso.chicory.runtime.ImportFunction> fns = new ArrayList<>();
    var section = module.importSection();
    for (int i = 0; i < section.importCount(); i++) {
      if (section.getImport(i) instanceof FunctionImport fi) {
        String name = fi.name();
        fns.add(new HostFunction(fi.module(), name, module.typeSection().getType(fi.typeIndex()),
            (inst, args) -> {
              throw new CanisterTrap(CanisterTrap.Kind.CONTRACT_VIOLATION,
                  "ic0." + name + " is not available to an un-instrumented module");
            }));
      }
    }
    Instance.Builder b = Instance.builder(module)
        .withImportValues(ImportValues.builder().withFunctions(fns).build());
    if (engine == Engine.COMPILER) {
      b.withMachineFactory(MachineFactoryCompiler.compile(module));
    }
    return new MeteredModule(null, b.build());
  }

  /**
   * Calls exported function {@code name}. Metered: with a budget of {@code limit} instructions
   * (a trap past it); {@link #lastInstructions()} then tells the count.
   */
  public long[] call(String name, long limit, long... args) {
    if (plain != null) {
      return plain.export(name).apply(args);
    }
    SystemApi api = new SystemApi(ApiContext.UPDATE);
    api.memory(org.jicp.state.pagemap.PageMap.empty(), 0, limit, Long.MAX_VALUE);
    long[] r = metered.call(name, api, limit, args);
    lastInstructions = limit - metered.counter();
    return r;
  }

  /** The instructions the last metered call used (0 when not instrumented). */
  public long lastInstructions() {
    return lastInstructions;
  }
}
