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
import org.jicp.wasm.WasmException;
import org.jicp.wasm.internal.binary.IcValidation;
import org.jicp.wasm.internal.binary.Instrumenter;
import org.jicp.wasm.internal.binary.ParsedModule;

/**
 * A validated module with its instrumented forms parsed by Chicory and their compiled forms
 * cached. A wasm32 module has two forms: as is (its heap stays below 2 GiB, Chicory's own
 * limit) and with its memory accesses lowered ({@link #variant(boolean) large}, for a heap of up
 * to 4 GiB); a memory64 module has only the lowered one.
 */
public final class LoadedModule {
  private final IcValidation.Info info;
  private final ParsedModule parsed;
  private final int maxCallDepth;
  private final long memoryMinPages;
  private final long memoryMaxPages;
  private final boolean wasm64;
  private final long[] dataOffsets;
  private final boolean[] dataOffsetKnown;
  private volatile Variant small;
  private volatile Variant large;

  /** One instrumented form of the module. */
  public static final class Variant {
    private final Instrumenter.Result instrumented;
    private final WasmModule module;
    private volatile Function<Instance, Machine> compiled;

    private Variant(Instrumenter.Result instrumented, WasmModule module) {
      this.instrumented = instrumented;
      this.module = module;
    }

    /** The instrumentation results. */
    public Instrumenter.Result instrumented() {
      return instrumented;
    }

    /** The instrumented module as Chicory sees it. */
    public WasmModule module() {
      return module;
    }

    /** The machine factory for {@code engine}; the compiler's is built once per variant. */
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

  private LoadedModule(IcValidation.Info info, ParsedModule parsed, int maxCallDepth) {
    this.info = info;
    this.parsed = parsed;
    this.maxCallDepth = maxCallDepth;
    this.memoryMinPages = parsed.memoryMin;
    this.memoryMaxPages = parsed.memoryMax;
    this.wasm64 = parsed.memory64;
    this.dataOffsets = parsed.dataOffsets.clone();
    this.dataOffsetKnown = parsed.dataOffsetConst.clone();
  }

  /** Decodes, validates (IC rules, then Chicory's validation) and instruments {@code wasm}. */
  public static LoadedModule load(byte[] wasm, int maxCallDepth) {
    ParsedModule parsed = ParsedModule.parse(wasm);
    IcValidation.Info info = IcValidation.validate(parsed);
    LoadedModule m = new LoadedModule(info, parsed, maxCallDepth);
    if (needsLowering(parsed)) {
      // Chicory 1.7.5 cannot parse memory64/table64: it validates the lowered module instead,
      // which has the original's types at every instruction boundary.
      m.large = m.lower(true);
    } else {
      chicoryParse(wasm, "module");
      m.small = m.lower(false);
    }
    return m;
  }

  private static boolean needsLowering(ParsedModule p) {
    if (p.memory64) {
      return true;
    }
    for (boolean t : p.table64) {
      if (t) {
        return true;
      }
    }
    return false;
  }

  private Variant lower(boolean largeHeap) {
    Instrumenter.Result r;
    try {
      r = Instrumenter.instrument(parsed, maxCallDepth, largeHeap);
    } catch (WasmException e) {
      throw e;
    } catch (RuntimeException e) {
      if (!needsLowering(parsed)) {
        throw e; // validated by Chicory already: a bug, not bad input
      }
      // A memory64/table64 module has not been validated yet: an inconsistency the type
      // simulation of the instrumentation finds is a validation failure.
      throw new InvalidWasmException("wasm validation", "module", "type mismatch ("
          + e.getMessage() + ")", e);
    }
    String what = needsLowering(parsed) ? "module (lowered from memory64/table64)"
        : "instrumented module";
    return new Variant(r, chicoryParse(r.bytes(), what));
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
    } catch (RuntimeException | AssertionError e) {
      // Chicory's parser failing on its own invariants (assertions on): still a rejection.
      throw new InvalidWasmException("wasm validation", what, String.valueOf(e.getMessage()), e);
    }
  }

  /**
   * The form to run: the lowered one for a memory64/table64 module, or when {@code largeHeap}
   * (the heap may pass 2 GiB); otherwise the module as is.
   */
  public Variant variant(boolean largeHeap) {
    if (large != null && (largeHeap || small == null)) {
      return large;
    }
    if (!largeHeap) {
      return small;
    }
    synchronized (this) {
      if (large == null) {
        large = lower(true);
      }
      return large;
    }
  }

  /** The validation results. */
  public IcValidation.Info info() {
    return info;
  }

  /** The memory's declared initial pages (0 without a memory). */
  public long memoryMinPages() {
    return memoryMinPages;
  }

  /** The memory's declared maximum pages, or -1. */
  public long memoryMaxPages() {
    return memoryMaxPages;
  }

  /** Whether the module's memory is a memory64 (its ic0 pointers are i64). */
  public boolean wasm64() {
    return wasm64;
  }

  /** Whether the module declares or imports a memory. */
  public boolean hasMemory() {
    return parsed.definedMemories + parsed.importedMemories > 0;
  }

  /** Per data segment: the constant offset (unsigned), valid where {@link #dataOffsetKnown}. */
  long[] dataOffsets() {
    return dataOffsets;
  }

  /** Per data segment: whether its offset is a known constant. */
  boolean[] dataOffsetKnown() {
    return dataOffsetKnown;
  }

  /** Whether the module declares a start function. */
  public boolean hasStart() {
    return parsed.start >= 0;
  }

  /** Whether the module declares {@code icp:private enhanced-orthogonal-persistence}. */
  public boolean enhancedOrthogonalPersistence() {
    return info.privateMetadata().containsKey("enhanced-orthogonal-persistence")
        || info.publicMetadata().containsKey("enhanced-orthogonal-persistence");
  }
}
