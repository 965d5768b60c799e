package org.jicp.wasm.internal.exec;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.function.Function;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InvalidWasmException;
import org.jicp.wasm.MalformedWasmException;
import org.jicp.wasm.internal.binary.IcValidation;
import org.jicp.wasm.internal.binary.Instrumenter;
import org.jicp.wasm.internal.binary.ParsedModule;

/** A validated, instrumented module parsed by Chicory, with its compiled form cached. */
public final class LoadedModule {
  private final IcValidation.Info info;
  private final Instrumenter.Result instrumented;
  private final WasmModule module;
  private final long memoryMinPages;
  private final long memoryMaxPages;
  private volatile Function<Instance, Machine> compiled;

  private LoadedModule(IcValidation.Info info, Instrumenter.Result instrumented,
      WasmModule module, long min, long max) {
    this.info = info;
    this.instrumented = instrumented;
    this.module = module;
    this.memoryMinPages = min;
    this.memoryMaxPages = max;
  }

  /** Decodes, validates (IC rules, then Chicory's validation) and instruments {@code wasm}. */
  public static LoadedModule load(byte[] wasm, int maxCallDepth) {
    ParsedModule parsed = ParsedModule.parse(wasm);
    IcValidation.Info info = IcValidation.validate(parsed);
    chicoryParse(wasm, "module");
    Instrumenter.Result r = Instrumenter.instrument(parsed, maxCallDepth);
    WasmModule module = chicoryParse(r.bytes(), "instrumented module");
    return new LoadedModule(info, r, module, parsed.memoryMin, parsed.memoryMax);
  }

  private static WasmModule chicoryParse(byte[] bytes, String what) {
    try {
      return Parser.parse(bytes);
    } catch (MalformedException e) {
      throw new MalformedWasmException("malformed " + what + ": " + e.getMessage(), e);
    } catch (InvalidException e) {
      throw new InvalidWasmException("wasm validation", what, e.getMessage(), e);
    } catch (ChicoryException e) {
      throw new InvalidWasmException("wasm validation", what, e.getMessage(), e);
    }
  }

  /** The validation results. */
  public IcValidation.Info info() {
    return info;
  }

  /** The instrumentation results. */
  public Instrumenter.Result instrumented() {
    return instrumented;
  }

  /** The instrumented module as Chicory sees it. */
  public WasmModule module() {
    return module;
  }

  /** The memory's declared initial pages (0 without a memory). */
  public long memoryMinPages() {
    return memoryMinPages;
  }

  /** The memory's declared maximum pages, or -1. */
  public long memoryMaxPages() {
    return memoryMaxPages;
  }

  /** Whether the module declares a start function. */
  public boolean hasStart() {
    var exports = module.exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      if (exports.getExport(i).name().equals(Instrumenter.START_EXPORT)) {
        return true;
      }
    }
    return false;
  }

  /** The machine factory for {@code engine}; the compiler's is built once per module. */
  public Function<Instance, Machine> machineFactory(Engine engine) {
    if (engine == Engine.INTERPRETER) {
      return null;
    }
    Function<Instance, Machine> c = compiled;
    if (c == null) {
      synchronized (this) {
        c = compiled;
        if (c == null) {
          c = MachineFactoryCompiler.builder(module)
              .withInterpreterFallback(InterpreterFallback.SILENT).compile();
          compiled = c;
        }
      }
    }
    return c;
  }
}
