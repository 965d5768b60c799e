package org.jicp.wasm.internal.exec;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.WasmGlobal;
import org.jicp.wasm.Engine;
import org.jicp.wasm.internal.binary.Instrumenter;

/**
 * A Chicory instance of an instrumented canister module whose memory and globals mirror one
 * version of the canister's execution state. Executions run on it; afterwards their effects on
 * memory and globals are either committed (giving the next version) or rolled back (the instance
 * again mirrors the version it had). Not thread-safe.
 */
public final class LiveInstance {
  private final LoadedModule module;
  private final LoadedModule.Variant variant;
  private final Instance instance;
  private final HeapMemory memory;
  private final GlobalInstance counter;
  private final GlobalInstance depth;
  private final int globalCount;
  private long[] savedGlobals;
  /** The module's mutable globals and their indices (what a rollback restores). */
  private final GlobalInstance[] mutableGlobals;
  private final int[] mutableIndex;
  private SystemApi api;
  private final long memoryLimitPages;

  private LiveInstance(LoadedModule module, Engine engine, PageMap heap, long heapPages,
      List<WasmGlobal> globals, long memoryLimitPages) {
    this.module = module;
    this.memoryLimitPages = memoryLimitPages;
    boolean largeHeap = module.hasMemory()
        && (memoryLimitPages > com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES
        || module.memoryMinPages() > com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES);
    this.variant = module.variant(largeHeap);
    Instrumenter.Result r = variant.instrumented();
    long hardMax = !r.memoryLowered() ? com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES
        : module.wasm64() ? MAX_WASM64_PAGES : MAX_WASM32_PAGES;
    long declaredMax = module.memoryMaxPages() < 0 ? hardMax
        : Math.min(module.memoryMaxPages(), hardMax);
    long min = module.memoryMinPages();
    if (min > hardMax) {
      throw new CanisterTrap(CanisterTrap.Kind.MEMORY_LIMIT, "the module's initial memory of "
          + min + " pages exceeds the maximum of " + hardMax + " pages");
    }
    HeapMemory mem = new HeapMemory((int) min, (int) declaredMax);
    mem.segmentOffsets(module.dataOffsets(), module.dataOffsetKnown());
    mem.trapAbove(memoryLimitPages);
    if (heap != null) {
      mem.load(heap, (int) heapPages);
    }
    this.memory = mem;
    int[] memories = {0};
    Instance.Builder b = Instance.builder(variant.module())
        .withImportValues(imports())
        .withMemoryFactory(limits -> memories[0]++ == 0 ? mem : mem.window())
        .withStart(false);
    Function<Instance, Machine> factory = variant.machineFactory(engine);
    if (factory != null) {
      b.withMachineFactory(factory);
    }
    this.instance = b.build();
    if (r.memoryLowered()) {
      mem.window(instance.global(r.eaGlobal()));
    }
    this.counter = instance.global(r.counterGlobal());
    this.depth = instance.global(r.depthGlobal());
    this.globalCount = r.globalCount();
    int mutable = 0;
    GlobalInstance[] mg = new GlobalInstance[globalCount];
    int[] mi = new int[globalCount];
    for (int i = 0; i < globalCount; i++) {
      GlobalInstance g = instance.global(i);
      if (g.getMutabilityType() == com.dylibso.chicory.wasm.types.MutabilityType.Var) {
        mg[mutable] = g;
        mi[mutable++] = i;
      }
    }
    this.mutableGlobals = java.util.Arrays.copyOf(mg, mutable);
    this.mutableIndex = java.util.Arrays.copyOf(mi, mutable);
    if (globals != null) {
      for (int i = 0; i < globals.size() && i < globalCount; i++) {
        GlobalInstance g = instance.global(i);
        g.setValue(globals.get(i).bits());
      }
    }
    saveGlobals();
  }

  /** The IC's wasm32 heap limit in pages ({@code MAX_WASM_MEMORY_IN_BYTES}, 4 GiB). */
  public static final long MAX_WASM32_PAGES = (4L << 30) / 65536;
  /** The IC's wasm64 heap limit in pages ({@code MAX_WASM64_MEMORY_IN_BYTES}, 6 GiB). */
  public static final long MAX_WASM64_PAGES = (6L << 30) / 65536;

  /** A fresh instance for installing: memory from the data segments, globals from the module. */
  public static LiveInstance fresh(LoadedModule module, Engine engine, long memoryLimitPages) {
    return new LiveInstance(module, engine, null, 0, null, memoryLimitPages);
  }

  /** An instance mirroring a state's heap and globals (the start function is not run). */
  public static LiveInstance restore(LoadedModule module, Engine engine, PageMap heap,
      long heapPages, List<WasmGlobal> globals, long memoryLimitPages) {
    return new LiveInstance(module, engine, heap, heapPages, globals, memoryLimitPages);
  }

  /** The bytes of its memory on the Java heap (what a cache of live instances is bounded by). */
  public long footprintBytes() {
    return memory.footprintBytes();
  }

  /** The module. */
  public LoadedModule module() {
    return module;
  }

  private ImportValues imports() {
    List<com.dylibso.chicory.runtime.ImportFunction> fns = new ArrayList<>();
    var section = variant.module().importSection();
    for (int i = 0; i < section.importCount(); i++) {
      Import im = section.getImport(i);
      if (!(im instanceof FunctionImport fi)) {
        continue;
      }
      var type = variant.module().typeSection().getType(fi.typeIndex());
      WasmFunctionHandle h;
      if (im.module().equals(Instrumenter.INJECTED_MODULE)) {
        h = switch (im.name()) {
          case Instrumenter.OUT_OF_INSTRUCTIONS -> (inst, args) -> {
            api.outOfInstructionsNow();
            return null;
          };
          case Instrumenter.TRY_GROW_WASM_MEMORY -> (inst, args) -> {
            long result = args[0];
            if (result != -1 && (int) result != -1 && memory.pages() > memoryLimitPages) {
              throw HeapMemory.limitExceeded(memoryLimitPages, memory.pages());
            }
            return new long[] {result};
          };
          case Instrumenter.MEMORY_FILL64 -> (inst, args) -> {
            memory.fill64(args[0], (byte) args[1], args[2]);
            return null;
          };
          case Instrumenter.MEMORY_COPY64 -> (inst, args) -> {
            memory.copy64(args[0], args[1], args[2]);
            return null;
          };
          case Instrumenter.MEMORY_INIT64 -> (inst, args) -> {
            memory.init64((int) args[0], args[1], args[2] & 0xFFFF_FFFFL,
                args[3] & 0xFFFF_FFFFL);
            return null;
          };
          case Instrumenter.STACK_OVERFLOW -> (inst, args) -> {
            throw new CanisterTrap(CanisterTrap.Kind.STACK_OVERFLOW,
                "stack overflow: call depth exceeds " + variant.instrumented().maxCallDepth());
          };
          default -> throw new IllegalStateException("unknown injected import " + im.name());
        };
      } else {
        Ic0.Function f = Ic0.get(im.name());
        h = (inst, args) -> api.invoke(f, args);
      }
      fns.add(new HostFunction(im.module(), im.name(), type, h));
    }
    return ImportValues.builder().withFunctions(fns).build();
  }

  /** The result of running an entry point: null trap means success. */
  public record Run(CanisterTrap trap, long instructions) {}

  /** Runs export {@code name} (type {@code () -> ()}) with {@code api}. */
  public Run runExport(String name, SystemApi api, long limit) {
    return run(api, limit, () -> instance.export(name).apply());
  }

  /** Calls export {@code name} with {@code args}; returns its results (throws on a trap). */
  public long[] call(String name, SystemApi api, long limit, long... args) {
    long[][] out = new long[1][];
    Run r = run(api, limit, () -> {
      out[0] = instance.export(name).apply(args);
      return null;
    });
    if (r.trap() != null) {
      throw r.trap();
    }
    return out[0];
  }

  /** The instructions counted by the last {@link #call}: limit minus the counter. */
  public long counter() {
    return counter.getValue();
  }

  /** Runs table entry {@code tableIndex} with argument {@code env} (a callback). */
  public Run runCallback(long tableIndex, long env, SystemApi api, long limit) {
    return run(api, limit, () -> {
      if (instance.tableCount() == 0) {
        throw SystemApi.violation("callback " + tableIndex + ": the module has no table");
      }
      var table = instance.table(0);
      if (tableIndex < 0 || tableIndex >= table.size()) {
        throw SystemApi.violation("callback table index " + tableIndex + " out of bounds");
      }
      int fn = table.ref((int) tableIndex);
      if (fn < 0) {
        throw SystemApi.violation("callback table entry " + tableIndex + " is null");
      }
      var t = instance.type(instance.functionType(fn));
      ValType envType = module.wasm64() ? ValType.I64 : ValType.I32;
      if (t.params().size() != 1 || !t.params().get(0).equals(envType)
          || !t.returns().isEmpty()) {
        throw SystemApi.violation("callback " + tableIndex + " has type " + t
            + ", expected (" + envType + ") -> ()");
      }
      instance.getMachine().call(fn, new long[] {env});
      return null;
    });
  }

  private Run run(SystemApi a, long limit, java.util.concurrent.Callable<Object> body) {
    this.api = a;
    a.heap = memory;
    a.wasm64 = module.wasm64();
    a.counter = counter;
    counter.setValue(a.begin(limit));
    depth.setValue(0);
    CanisterTrap trap = null;
    try {
      body.call();
    } catch (Throwable t) {
      trap = toTrap(t);
    } finally {
      this.api = null;
    }
    long used = a.given() - counter.getValue();
    if (trap != null && trap.kind() == CanisterTrap.Kind.INSTRUCTION_LIMIT) {
      used = Math.max(used, limit);
    }
    return new Run(trap, Math.min(Math.max(used, 0), Long.MAX_VALUE));
  }

  static CanisterTrap toTrap(Throwable t) {
    Throwable c = t;
    for (int i = 0; i < 10 && c != null; i++) {
      if (c instanceof CanisterTrap ct) {
        return ct;
      }
      if (c instanceof StackOverflowError) {
        return new CanisterTrap(CanisterTrap.Kind.STACK_OVERFLOW, "stack overflow");
      }
      c = c.getCause();
    }
    if (t instanceof ArithmeticException) {
      return new CanisterTrap(CanisterTrap.Kind.WASM, "integer divide by zero");
    }
    if (t instanceof ChicoryException || t instanceof RuntimeException) {
      String m = t.getMessage();
      return new CanisterTrap(CanisterTrap.Kind.WASM, m == null ? t.getClass().getSimpleName()
          : m);
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new CanisterTrap(CanisterTrap.Kind.WASM, String.valueOf(t));
  }

  /** The effects on memory and globals become the new base: returns the new heap. */
  public PageMap commitHeap() {
    PageMap p = memory.commit();
    saveGlobals();
    return p;
  }

  /** Marks the current contents as version {@code heap} (used after the first commit). */
  public int heapPages() {
    return memory.pages();
  }

  /** The globals of the module (without the instrumentation's), as persisted values. */
  public List<WasmGlobal> globals() {
    List<WasmGlobal> out = new ArrayList<>(globalCount);
    for (int i = 0; i < globalCount; i++) {
      GlobalInstance g = instance.global(i);
      ValType t = g.getType();
      WasmGlobal.Type wt;
      long bits = g.getValue();
      if (t.equals(ValType.I32)) {
        wt = WasmGlobal.Type.I32;
        bits &= 0xFFFF_FFFFL;
      } else if (t.equals(ValType.I64)) {
        wt = WasmGlobal.Type.I64;
      } else if (t.equals(ValType.F32)) {
        wt = WasmGlobal.Type.F32;
        bits &= 0xFFFF_FFFFL;
      } else if (t.equals(ValType.F64)) {
        wt = WasmGlobal.Type.F64;
      } else {
        continue; // reference globals are not persisted (as the IC, which rejects them)
      }
      out.add(new WasmGlobal(wt, bits));
    }
    return out;
  }

  /** Undoes the effects of the executions since the last commit. */
  public void rollback() {
    memory.rollback();
    for (int k = 0; k < mutableGlobals.length; k++) {
      mutableGlobals[k].setValue(savedGlobals[mutableIndex[k]]);
    }
  }

  private void saveGlobals() {
    savedGlobals = new long[globalCount];
    for (int i = 0; i < globalCount; i++) {
      savedGlobals[i] = instance.global(i).getValue();
    }
  }

  /** Whether the module can change instance state that is not persisted (tables, segments). */
  public boolean reusable() {
    return !variant.instrumented().mutatesInstance();
  }
}
