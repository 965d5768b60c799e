package org.jicp.wasm.internal.round;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterHistory;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.CustomSection;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.SystemState;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;
import org.jicp.wasm.ApiContext;
import org.jicp.wasm.WasmException;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterFactory;
import org.jicp.wasm.internal.exec.CanisterTrap;
import org.jicp.wasm.internal.exec.Fiber;
import org.jicp.wasm.internal.exec.LiveInstance;
import org.jicp.wasm.internal.exec.LoadedModule;
import org.jicp.wasm.internal.exec.SystemApi;

/**
 * {@code install_code} (dfinity/ic {@code execution/install_code.rs}): install, reinstall and
 * upgrade of wasm modules, and of native canisters. Atomic: a failure (invalid module, trap in
 * the start function, {@code canister_init}, {@code canister_pre_upgrade} or {@code
 * canister_post_upgrade}, out of cycles) leaves the canister as it was, except for the cycles of
 * the instructions executed.
 */
final class InstallCode {
  /** The install modes. */
  enum Mode {
    INSTALL("install"),
    REINSTALL("reinstall"),
    UPGRADE("upgrade");

    final String text;

    Mode(String text) {
      this.text = text;
    }
  }

  /**
   * What to install and how.
   *
   * @param mode the mode
   * @param skipPreUpgrade upgrade without running {@code canister_pre_upgrade}
   * @param keepWasmMemory upgrade keeping the heap ({@code wasm_memory_persistence = keep})
   */
  record Options(Mode mode, boolean skipPreUpgrade, Optional<Boolean> keepWasmMemory) {}

  /** The prefix that marks a "module" as a native canister of the following kind (jicp's own). */
  static final String NATIVE_PREFIX = "jicp native canister ";

  private final Round round;

  InstallCode(Round round) {
    this.round = round;
  }

  /** Installs {@code wasm} on {@code id}; returns the empty reply or the reject. */
  ResponsePayload install(CanisterId id, Options opt, Bytes wasm, Bytes arg, Principal sender,
      CanisterHistory.Origin origin) {
    CanisterState cs = round.canister(id).orElse(null);
    if (cs == null) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_NOT_FOUND, "Canister " + id
          + " not found");
    }
    if (opt.mode() == Mode.INSTALL && cs.execution().isPresent()) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_NON_EMPTY, "Canister " + id
          + " cannot be installed because the canister is not empty. Try installing with "
          + "mode='reinstall' or mode='upgrade'.");
    }
    if (opt.mode() == Mode.UPGRADE && cs.execution().isEmpty()) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_WASM_MODULE_NOT_FOUND, "Canister " + id
          + " cannot be upgraded because it is empty");
    }
    String text = wasm.length() < 200 ? new String(wasm.toByteArray(),
        java.nio.charset.StandardCharsets.UTF_8) : "";
    if (text.startsWith(NATIVE_PREFIX)) {
      return installNative(id, opt, text.substring(NATIVE_PREFIX.length()), arg, origin);
    }
    LoadedModule module;
    try {
      module = round.runtimes.load(wasm.toByteArray());
    } catch (WasmException e) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_INVALID_WASM, "Wasm module of canister "
          + id + " is not valid: " + e.getMessage());
    }
    boolean keep = false;
    if (opt.mode() == Mode.UPGRADE && cs.execution().get().nativeKind().isEmpty()) {
      // Enhanced orthogonal persistence (interface specification, "install_code"): a canister
      // whose module declares it upgrades only with wasm_memory_persistence, and `keep` only
      // into a module that declares it too.
      LoadedModule oldModule = round.runtimes.load(cs.execution().get().wasmBinary().toByteArray());
      boolean oldEop = oldModule.enhancedOrthogonalPersistence();
      if (opt.keepWasmMemory().isEmpty() && oldEop) {
        return ResponsePayload.Reject.of(ErrorCode.CANISTER_CONTRACT_VIOLATION, "Missing "
            + "upgrade option: Enhanced orthogonal persistence requires the "
            + "`wasm_memory_persistence` upgrade option.");
      }
      if (opt.keepWasmMemory().orElse(false) && !module.enhancedOrthogonalPersistence()) {
        return ResponsePayload.Reject.of(ErrorCode.CANISTER_CONTRACT_VIOLATION, "Invalid "
            + "upgrade option: The `wasm_memory_persistence: opt Keep` upgrade option requires "
            + "that the new canister module supports enhanced orthogonal persistence.");
      }
      keep = opt.keepWasmMemory().orElse(false);
    }
    long limit = round.config.maxInstructionsPerInstall();
    Cycles prepay = round.fees.executionCost(limit);
    CanisterMessage message = round.currentManagementMessage;
    PausedExecution p = round.runtimes.paused(id);
    if (p != null && (p.kind != PausedExecution.Kind.INSTALL || message == null
        || !p.message.equals(message))) {
      round.runtimes.abort(id);
      p = null;
    }
    // A resumed install passed this check when it started.
    if (p == null && !round.canPay(cs, prepay)) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_OUT_OF_CYCLES,
          round.outOfCyclesMessage(id, prepay, cs));
    }
    long memoryLimitPages = round.wasm.memoryLimitPages(cs, module);
    WasmPart w;
    if (p != null) {
      p.fiber.resume();
      if (!p.fiber.isDone()) {
        throw new Paused();
      }
      round.runtimes.completed(id);
      w = (WasmPart) p.fiber.result();
    } else {
      long slice = message == null ? 0 : round.config.maxInstructionsPerInstallSlice();
      w = wasmPart(id, cs, opt, module, arg, sender, keep, limit, memoryLimitPages, slice, false);
      if (w.sliceUsedUp) {
        // Longer than a slice: redo the wasm part from the start on a fiber, which pauses at
        // the end of each slice; the install message waits at the head of the management queue.
        CanisterState at = cs;
        boolean k = keep;
        Fiber f = Fiber.start("jicp-install-slice " + id, WasmExecution.FIBER_STACK,
            () -> wasmPart(id, at, opt, module, arg, sender, k, limit, memoryLimitPages, slice,
                true));
        if (!f.isDone()) {
          round.runtimes.pause(id, new PausedExecution(PausedExecution.Kind.INSTALL, message, f,
              null, null, ApiContext.INIT, limit));
          throw new Paused();
        }
        w = (WasmPart) f.result();
      }
    }
    if (w.early != null) {
      round.runtimes.forget(id);
      return w.early;
    }
    long used = w.used;
    PageMap stable = w.stable;
    long stablePages = w.stablePages;
    LiveInstance fresh = w.fresh;
    SystemApi lastApi = w.lastApi;
    ResponsePayload.Reject failure = w.failure;
    round.log(id, w.lines);
    cs = round.canister(id).orElseThrow();
    cs = round.debit(cs, round.fees.executionCost(Math.min(used, limit)));
    if (failure != null) {
      return failure;
    }
    PageMap heap = fresh.commitHeap();
    ExecutionState es = new ExecutionState(wasm, heap, fresh.heapPages(), stable, stablePages,
        fresh.globals());
    SortedMap<String, CustomSection> sections = new TreeMap<>();
    module.info().publicMetadata().forEach((k, v) ->
        sections.put(k, new CustomSection(true, Bytes.of(v))));
    module.info().privateMetadata().forEach((k, v) ->
        sections.put(k, new CustomSection(false, Bytes.of(v))));
    SystemState.Builder sys = cs.system().installed(round.time(), sections).toBuilder();
    if (lastApi != null && lastApi.newCertifiedData() != null) {
      sys.certifiedData(Bytes.of(lastApi.newCertifiedData()));
    } else if (opt.mode() != Mode.UPGRADE) {
      sys.certifiedData(Bytes.EMPTY);
    }
    sys.globalTimerNanos(lastApi != null && lastApi.newGlobalTimer() != null
        ? lastApi.newGlobalTimer() : 0);
    SystemState s = sys.build();
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), origin, new CanisterHistory.CodeDeployment(opt.mode().text,
            es.moduleHash())))).build();
    round.runtimes.forget(id);
    round.runtimes.mirrored(id, module, fresh, es);
    round.put(new CanisterState(s, Optional.of(es)));
    return new ResponsePayload.Reply(Management.EMPTY_REPLY);
  }

  /** Thrown when an install pauses: the round puts its message back (not an error). */
  static final class Paused extends Error {
    private static final long serialVersionUID = 1L;

    Paused() {
      super("install_code paused", null, false, false);
    }
  }

  /** What the wasm part of an install produced. */
  private record WasmPart(long used, PageMap stable, long stablePages, List<String> lines,
      ResponsePayload.Reject failure, LiveInstance fresh, SystemApi lastApi,
      ResponsePayload.Reject early, boolean sliceUsedUp) {}

  /**
   * The wasm part of an install: {@code canister_pre_upgrade} on the old module (upgrades), a new
   * instance, the start function and {@code canister_init} / {@code canister_post_upgrade}. Reads
   * the round but changes nothing in it, so that it can run on a fiber across rounds ({@code
   * onFiber}: the old module runs on an instance of its own, the cached one stays as it is for
   * queries). With {@code slice > 0} each hook runs in slices of that many instructions; off a
   * fiber, using one up ends the part early with {@code sliceUsedUp}.
   */
  private WasmPart wasmPart(CanisterId id, CanisterState cs, Options opt, LoadedModule module,
      Bytes arg, Principal sender, boolean keep, long limit, long memoryLimitPages, long slice,
      boolean onFiber) {
    long used = 0;
    PageMap stable = PageMap.empty();
    long stablePages = 0;
    PageMap keptHeap = null;
    long keptPages = 0;
    List<String> lines = new ArrayList<>();
    ResponsePayload.Reject failure = null;
    if (opt.mode() == Mode.UPGRADE) {
      ExecutionState old = cs.execution().get();
      stable = old.stableMemory();
      stablePages = old.stableMemorySizeWasmPages();
      if (old.nativeKind().isPresent()) {
        stable = PageMap.empty();
        stablePages = 0;
      } else if (!opt.skipPreUpgrade() || keep) {
        LiveInstance oldInstance;
        LoadedModule oldModule;
        if (onFiber) {
          oldModule = round.runtimes.module(id, old);
          oldInstance = LiveInstance.restore(oldModule, round.runtimes.engine(), old.heap(),
              old.heapSizeWasmPages(), old.exportedGlobals(),
              round.wasm.memoryLimitPages(cs, oldModule));
        } else {
          Runtimes.Wasm rt = round.runtimes.wasm(id, old, round.wasm.limitOf(cs));
          oldModule = rt.module;
          oldInstance = rt.live;
        }
        keptHeap = old.heap();
        keptPages = old.heapSizeWasmPages();
        if (!opt.skipPreUpgrade()
            && oldModule.info().entryPoints().contains("canister_pre_upgrade")) {
          SystemApi api = round.wasm.api(ApiContext.PRE_UPGRADE, cs, old, oldModule, limit);
          api.message(id.toByteArray(), sender.toByteArray(), new byte[0], "");
          api.slicing(slice);
          LiveInstance.Run r = oldInstance.runExport("canister_pre_upgrade", api, limit);
          if (r.trap() != null && r.trap().kind() == CanisterTrap.Kind.SLICE) {
            oldInstance.rollback();
            return sliceUsedUp();
          }
          used += r.instructions();
          if (keep && r.trap() == null) {
            // The heap pre_upgrade leaves is what the new module runs on; the old instance no
            // longer mirrors the state.
            keptHeap = oldInstance.commitHeap();
            keptPages = oldInstance.heapPages();
            if (!onFiber) {
              round.runtimes.forget(id);
            }
          } else {
            oldInstance.rollback();
          }
          lines.addAll(api.log());
          if (r.trap() != null) {
            failure = new ResponsePayload.Reject(RejectCode.CANISTER_ERROR, "Canister " + id
                + ": pre_upgrade failed: " + WasmExecution.trapMessage(id, r.trap()),
                Optional.of(WasmExecution.trapCode(r.trap())));
          } else {
            stable = api.stableAfter();
            stablePages = api.stablePages();
          }
        }
      }
    }
    LiveInstance fresh = null;
    SystemApi lastApi = null;
    if (failure == null) {
      try {
        fresh = keep
            ? LiveInstance.restore(module, round.runtimes.engine(), keptHeap, keptPages, null,
                memoryLimitPages)
            : LiveInstance.fresh(module, round.runtimes.engine(), memoryLimitPages);
      } catch (RuntimeException e) {
        return new WasmPart(used, stable, stablePages, lines, null, null, null,
            ResponsePayload.Reject.of(ErrorCode.CANISTER_INVALID_WASM, "Wasm module of "
                + "canister " + id + " is not valid: instantiation failed: " + e.getMessage()),
            false);
      }
      String[] hooks = {module.hasStart() ? "canister_start" : null,
          opt.mode() == Mode.UPGRADE ? "canister_post_upgrade" : "canister_init"};
      for (String hook : hooks) {
        if (hook == null || (!hook.equals("canister_start")
            && !module.info().entryPoints().contains(hook))) {
          continue;
        }
        ApiContext ctx = hook.equals("canister_start") ? ApiContext.START : ApiContext.INIT;
        SystemApi api = round.wasm.api(ctx, cs, null, limit - used, memoryLimitPages);
        api.memory(stable, stablePages, limit - used, memoryLimitPages);
        api.message(id.toByteArray(), sender.toByteArray(), arg.toByteArray(), "");
        api.slicing(slice);
        LiveInstance.Run r = fresh.runExport(hook, api, limit - used);
        if (r.trap() != null && r.trap().kind() == CanisterTrap.Kind.SLICE) {
          return sliceUsedUp();
        }
        used += r.instructions();
        lines.addAll(api.log());
        if (r.trap() != null) {
          failure = WasmExecution.trapReject(id, r.trap());
          break;
        }
        stable = api.stableAfter();
        stablePages = api.stablePages();
        lastApi = api;
      }
    }
    return new WasmPart(used, stable, stablePages, lines, failure, fresh, lastApi, null, false);
  }

  private static WasmPart sliceUsedUp() {
    return new WasmPart(0, null, 0, List.of(), null, null, null, null, true);
  }

  /**
   * Installs a native canister of {@code kind}: a fresh instance from {@code arg} (install,
   * reinstall), or a new instance from the saved state of the old one (upgrade).
   */
  private ResponsePayload installNative(CanisterId id, Options opt, String kind, Bytes arg,
      CanisterHistory.Origin origin) {
    NativeCanisterFactory f = round.runtimes.factories().get(kind);
    if (f == null) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_INVALID_WASM, "Wasm module of canister "
          + id + " is not valid: no native canister kind '" + kind + "' on this subnet");
    }
    CanisterState cs = round.canister(id).orElseThrow();
    Optional<Bytes> saved = Optional.empty();
    if (opt.mode() == Mode.UPGRADE) {
      ExecutionState old = cs.execution().get();
      if (old.nativeKind().isEmpty() || !old.nativeKind().get().equals(kind)) {
        return ResponsePayload.Reject.of(ErrorCode.CANISTER_INVALID_WASM, "Canister " + id
            + ": a native canister upgrades only to the same kind");
      }
      round.natives.flush(id);
      saved = NativeState.read(round.canister(id).orElseThrow().execution().get());
    }
    NativeCanister instance;
    try {
      instance = f.create(id, saved, arg);
    } catch (RuntimeException e) {
      return ResponsePayload.Reject.of(ErrorCode.CANISTER_TRAPPED, "Canister " + id
          + " trapped during installation: " + e.getMessage());
    }
    ExecutionState es = NativeState.write(ExecutionState.nativeCanister(kind, f.descriptor(),
        PageMap.empty(), 0), instance.saveState());
    cs = round.canister(id).orElseThrow();
    SystemState s = cs.system().installed(round.time(), new TreeMap<>()).toBuilder()
        .certifiedData(instance.certifiedData()).globalTimerNanos(0).build();
    s = s.toBuilder().history(s.history().add(new CanisterHistory.Change(round.time(),
        s.canisterVersion(), origin, new CanisterHistory.CodeDeployment(opt.mode().text,
            es.moduleHash())))).build();
    round.runtimes.forget(id);
    round.runtimes.nativeInstalled(id, instance, es);
    round.runtimes.cachedNative(id).orElseThrow().dirty = false;
    round.put(new CanisterState(s, Optional.of(es)));
    return new ResponsePayload.Reply(Management.EMPTY_REPLY);
  }
}
