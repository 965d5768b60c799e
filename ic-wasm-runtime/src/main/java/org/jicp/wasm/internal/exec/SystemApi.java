package org.jicp.wasm.internal.exec;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jicp.state.pagemap.PageMap;
import org.jicp.wasm.ApiContext;
import org.jicp.wasm.cycles.FeeSchedule;

/**
 * The System API state of one execution (interface specification, "The System API"): the inputs
 * an entry point can read, and the effects it asks for, which the executor applies only if the
 * execution does not trap. One object per execution; not thread-safe.
 */
public final class SystemApi {
  /** A call made with {@code call_new ... call_perform}. */
  public static final class OutgoingCall {
    /** The callee's principal bytes. */
    public byte[] callee;
    /** The method name. */
    public String method;
    /** The argument. */
    public final ByteArrayOutputStream arg = new ByteArrayOutputStream();
    /** The cycles attached. */
    public BigInteger cycles = BigInteger.ZERO;
    /** Callback table indices and environments; cleanup -1 if none. */
    public long replyFn, replyEnv, rejectFn, rejectEnv, cleanupFn = -1, cleanupEnv;
  }

  /** The largest stable memory: 500 GiB, in 64 KiB pages. */
  public static final long MAX_STABLE_PAGES = (500L << 30) / 65536;
  /** The largest 32-bit-API stable memory: 4 GiB, in pages. */
  public static final long MAX_STABLE32_PAGES = 65536;
  /** Instructions charged per newly dirtied stable page ({@code DEFAULT_DIRTY_PAGE_OVERHEAD}). */
  public static final long DIRTY_PAGE_OVERHEAD = 1_000;
  private static final BigInteger U64 = BigInteger.ONE.shiftLeft(64);
  private static final FeeSchedule DEFAULT_FEES = FeeSchedule.applicationSubnet();

  // Inputs.
  final ApiContext context;
  byte[] self = new byte[0];
  byte[] caller = new byte[0];
  byte[] arg = new byte[0];
  String methodName = "";
  int rejectCode;
  String rejectMessage = "";
  long timeNanos;
  long canisterVersion;
  int canisterStatus = 1;
  byte[] subnetId = new byte[0];
  int subnetNodeCount = 13;
  byte[] rootKey = new byte[0];
  byte[] dataCertificate;
  Predicate<byte[]> isController = b -> false;
  FeeSchedule fees = DEFAULT_FEES;
  BigInteger balance = BigInteger.ZERO;
  BigInteger freezingThreshold = BigInteger.ZERO;
  BigInteger available = BigInteger.ZERO;
  BigInteger refunded = BigInteger.ZERO;
  boolean alreadyResponded;
  long instructionLimit;
  long wasmMemoryLimitPages;

  // Effects.
  BigInteger accepted = BigInteger.ZERO;
  BigInteger burned = BigInteger.ZERO;
  final ByteArrayOutputStream replyData = new ByteArrayOutputStream();
  boolean replied;
  boolean rejected;
  String rejectedWith;
  boolean messageAccepted;
  byte[] newCertifiedData;
  Long newGlobalTimer;
  long globalTimer;
  OutgoingCall pending;
  final List<OutgoingCall> calls = new ArrayList<>();
  BigInteger cyclesSentTotal = BigInteger.ZERO;
  final List<String> log = new ArrayList<>();

  // Stable memory.
  PageMap stableBase;
  PageMap.Transaction stableTx;
  long stablePages;

  // Runtime wiring.
  HeapMemory heap;
  /** Whether the module is wasm64: its pointer and size arguments are i64, not masked to 32 bits. */
  boolean wasm64;
  GlobalInstance counter;

  /** An execution in {@code context}. */
  public SystemApi(ApiContext context) {
    this.context = context;
  }

  // ---- Setters used by the executor (inputs). ----

  /** Sets the inputs that identify the canister and the message. */
  public SystemApi message(byte[] self, byte[] caller, byte[] arg, String method) {
    this.self = self.clone();
    this.caller = caller.clone();
    this.arg = arg.clone();
    this.methodName = method;
    return this;
  }

  /** Sets the reject inputs of a reject callback. */
  public SystemApi reject(int code, String message) {
    this.rejectCode = code;
    this.rejectMessage = message;
    return this;
  }

  /** Sets the environment inputs. */
  public SystemApi environment(long timeNanos, long version, int status, byte[] subnet,
      int nodes, byte[] rootKey, FeeSchedule fees, Predicate<byte[]> isController,
      long globalTimer) {
    this.timeNanos = timeNanos;
    this.canisterVersion = version;
    this.canisterStatus = status;
    this.subnetId = subnet.clone();
    this.subnetNodeCount = nodes;
    this.rootKey = rootKey.clone();
    this.fees = fees;
    this.isController = isController;
    this.globalTimer = globalTimer;
    return this;
  }

  /** Sets the cycles inputs. */
  public SystemApi cycles(BigInteger balance, BigInteger freezingThreshold,
      BigInteger available, BigInteger refunded, boolean alreadyResponded) {
    this.balance = balance;
    this.freezingThreshold = freezingThreshold;
    this.available = available;
    this.refunded = refunded;
    this.alreadyResponded = alreadyResponded;
    return this;
  }

  /** Sets the stable memory and the limits. */
  public SystemApi memory(PageMap stable, long stablePages, long instructionLimit,
      long wasmMemoryLimitPages) {
    this.stableBase = stable;
    this.stablePages = stablePages;
    this.instructionLimit = instructionLimit;
    this.wasmMemoryLimitPages = wasmMemoryLimitPages;
    return this;
  }

  /** Sets the data certificate (non-replicated queries only). */
  public SystemApi dataCertificate(byte[] cert) {
    this.dataCertificate = cert == null ? null : cert.clone();
    return this;
  }

  // ---- Results read by the executor (effects). ----

  /** Whether the execution replied. */
  public boolean replied() {
    return replied;
  }

  /** The reply bytes. */
  public byte[] replyBytes() {
    return replyData.toByteArray();
  }

  /** Whether the execution rejected, and with what. */
  public boolean rejected() {
    return rejected;
  }

  /** The reject message given to {@code msg_reject}. */
  public String rejectedWith() {
    return rejectedWith;
  }

  /** Cycles accepted from the call. */
  public BigInteger accepted() {
    return accepted;
  }

  /** Cycles burned. */
  public BigInteger burned() {
    return burned;
  }

  /** Cycles attached to performed calls. */
  public BigInteger cyclesSent() {
    return cyclesSentTotal;
  }

  /** The performed calls. */
  public List<OutgoingCall> calls() {
    return calls;
  }

  /** The new certified data, or null. */
  public byte[] newCertifiedData() {
    return newCertifiedData;
  }

  /** The new global timer, or null if unchanged. */
  public Long newGlobalTimer() {
    return newGlobalTimer;
  }

  /** Whether {@code accept_message} was called. */
  public boolean messageAccepted() {
    return messageAccepted;
  }

  /** The debug_print lines. */
  public List<String> log() {
    return log;
  }

  /** The stable memory after the execution (committed), and its size. */
  public PageMap stableAfter() {
    return stableTx == null ? stableBase : stableTx.commit();
  }

  /** The stable memory size in pages. */
  public long stablePages() {
    return stablePages;
  }

  /** Instructions executed so far: what the counter was given minus what it has left. */
  public long instructionsUsed() {
    return given - counter.getValue();
  }

  // ---- Deterministic time slicing. ----

  /** The slice size; 0: no slicing (the counter gets the whole limit at once). */
  long slice;
  /** The total limit of the current run. */
  long total;
  /** The instructions handed to the counter so far in the current run. */
  long given;
  /** The slices completed (pauses) in the current run. */
  long pauses;

  /**
   * Runs this execution in slices of {@code instructions}: when a slice is used up the execution
   * pauses on its {@link Fiber} (outside a fiber it ends with a {@link CanisterTrap.Kind#SLICE}
   * trap, to be redone on one) and gets the next slice when resumed, up to the total limit.
   */
  public SystemApi slicing(long instructions) {
    if (instructions < 0) {
      throw new IllegalArgumentException("negative slice");
    }
    this.slice = instructions;
    return this;
  }

  /** The slices this execution has completed so far (times it paused). */
  public long pauses() {
    return pauses;
  }

  /** Starts a run with a total of {@code limit} instructions: returns the counter's value. */
  long begin(long limit) {
    total = limit;
    given = slice > 0 && slice < limit ? slice : limit;
    pauses = 0;
    return given;
  }

  /** The instructions the counter was given so far in this run. */
  long given() {
    return given;
  }

  /**
   * The counter went negative: the end of a slice (pause on the fiber, then continue with the
   * next slice) or of the message's total (the IC's instruction-limit trap).
   */
  void outOfInstructionsNow() {
    while (counter.getValue() < 0) {
      if (given >= total) {
        throw outOfInstructions(total);
      }
      Fiber f = Fiber.current();
      if (f == null) {
        throw new CanisterTrap(CanisterTrap.Kind.SLICE, "slice of " + slice
            + " instructions used up outside a fiber");
      }
      pauses++;
      f.pauseCurrent();
      long extra = Math.min(slice, total - given);
      given += extra;
      long c = counter.getValue();
      long next = c + extra;
      counter.setValue(next < c ? Long.MAX_VALUE : next);
    }
  }

  // ---- Helpers. ----

  void charge(long n) {
    long c = counter.getValue();
    long next = c - n;
    if (next > c) {
      next = Long.MIN_VALUE;
    }
    counter.setValue(next);
    if (next < 0) {
      outOfInstructionsNow();
    }
  }

  /** The IC's {@code HypervisorError::InstructionLimitExceeded} for a limit of {@code limit}. */
  static CanisterTrap outOfInstructions(long limit) {
    return new CanisterTrap(CanisterTrap.Kind.INSTRUCTION_LIMIT,
        "Canister exceeded the limit of " + limit
            + " instructions for single message execution.");
  }

  static CanisterTrap violation(String msg) {
    return new CanisterTrap(CanisterTrap.Kind.CONTRACT_VIOLATION, msg);
  }

  /** Whether {@code [addr, addr + size)} (unsigned) lies outside the heap. */
  private boolean outside(long addr, long size) {
    long limit = heap.size();
    return Long.compareUnsigned(addr, limit) > 0 || Long.compareUnsigned(size, limit - addr) > 0;
  }

  private String range(long a, long size) {
    return Long.toUnsignedString(a) + " + " + Long.toUnsignedString(size);
  }

  private byte[] readHeap(String fn, long src, long size) {
    if (outside(src, size) || size > Integer.MAX_VALUE - 8) {
      throw violation("ic0." + fn + " heap out of bounds: " + range(src, size));
    }
    byte[] b = new byte[(int) size];
    heap.readInto(src, b, 0, (int) size);
    return b;
  }

  private void copyOut(String fn, byte[] blob, long dst, long off, long size) {
    if (Long.compareUnsigned(off, blob.length) > 0
        || Long.compareUnsigned(size, blob.length - off) > 0) {
      throw violation("ic0." + fn + " offset out of bounds: " + range(off, size) + " > "
          + blob.length);
    }
    if (outside(dst, size)) {
      throw violation("ic0." + fn + " heap out of bounds: " + range(dst, size));
    }
    charge(size);
    heap.write(dst, blob, (int) off, (int) size);
  }

  private void write128(long dst, BigInteger v) {
    byte[] b = new byte[16];
    BigInteger x = v;
    for (int i = 0; i < 16; i++) {
      b[i] = x.byteValue();
      x = x.shiftRight(8);
    }
    if (outside(dst, 16)) {
      throw violation("heap out of bounds writing 128-bit value at " + Long.toUnsignedString(dst));
    }
    heap.write(dst, b, 0, 16);
  }

  private static BigInteger u128(long hi, long lo) {
    return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64)
        .add(new BigInteger(Long.toUnsignedString(lo)));
  }

  private static long saturatingU64(BigInteger v) {
    return v.compareTo(U64) >= 0 ? -1L : v.longValue();
  }

  private BigInteger liquid() {
    BigInteger l = balance.subtract(freezingThreshold).subtract(cyclesSentTotal)
        .subtract(burned).add(accepted);
    return l.signum() < 0 ? BigInteger.ZERO : l;
  }

  private void checkResponse(String fn) {
    if (alreadyResponded || replied || rejected) {
      throw violation("ic0." + fn + ": the call has already been replied to or rejected");
    }
  }

  private PageMap.Transaction stable() {
    if (stableTx == null) {
      stableTx = stableBase.begin();
    }
    return stableTx;
  }

  private void stableBounds(String fn, long off, long size) {
    if (off < 0 || size < 0 || off + size < 0 || off + size > stablePages * 65536) {
      throw violation("ic0." + fn + ": stable memory out of bounds: offset " + off + ", size "
          + size + ", stable memory size " + stablePages * 65536);
    }
  }

  private long stableGrow(long delta, long max) {
    if (delta < 0 || stablePages + delta > max) {
      return -1;
    }
    long old = stablePages;
    stablePages += delta;
    return old;
  }

  private void stableRead(String fn, long dst, long off, long size) {
    stableBounds(fn, off, size);
    if (outside(dst, size) || size > Integer.MAX_VALUE - 8) {
      throw violation("ic0." + fn + ": heap out of bounds: " + range(dst, size));
    }
    charge(size);
    byte[] b = new byte[(int) size];
    if (stableTx != null) {
      stableTx.read(off, b, 0, (int) size);
    } else {
      stableBase.read(off, b, 0, (int) size);
    }
    heap.write(dst, b, 0, (int) size);
  }

  private void stableWrite(String fn, long off, long src, long size) {
    stableBounds(fn, off, size);
    byte[] b = readHeap(fn, src, size);
    charge(size);
    PageMap.Transaction tx = stable();
    int before = tx.dirtyPageCount();
    tx.write(off, b, 0, b.length);
    int fresh = tx.dirtyPageCount() - before;
    if (fresh > 0) {
      charge(fresh * DIRTY_PAGE_OVERHEAD);
    }
  }

  /**
   * Runs ic0 function {@code f} with {@code args}: checks the context, charges the overhead,
   * performs the call. Throws {@link CanisterTrap} on any violation.
   */
  long[] invoke(Ic0.Function f, long[] a) {
    if (!f.contexts().contains(context)) {
      throw violation("\"ic0." + f.name() + "\" cannot be executed in " + context.description()
          + " mode");
    }
    charge(f.overhead());
    String n = f.name();
    switch (n) {
      case "msg_arg_data_size": return one(arg.length);
      case "msg_arg_data_copy": copyOut(n, arg, u(a[0]), u(a[1]), u(a[2])); return none();
      case "msg_caller_size": return one(caller.length);
      case "msg_caller_copy": copyOut(n, caller, u(a[0]), u(a[1]), u(a[2])); return none();
      case "msg_caller_info_data_size", "msg_caller_info_signer_size": return one(0);
      case "msg_caller_info_data_copy", "msg_caller_info_signer_copy":
        copyOut(n, new byte[0], u(a[0]), u(a[1]), u(a[2]));
        return none();
      case "msg_reject_code": return one(rejectCode);
      case "msg_reject_msg_size": return one(rejectMessage.getBytes(StandardCharsets.UTF_8).length);
      case "msg_reject_msg_copy":
        copyOut(n, rejectMessage.getBytes(StandardCharsets.UTF_8), u(a[0]), u(a[1]), u(a[2]));
        return none();
      case "msg_deadline": return one64(0);
      case "msg_method_name_size": return one(methodName.getBytes(StandardCharsets.UTF_8).length);
      case "msg_method_name_copy":
        copyOut(n, methodName.getBytes(StandardCharsets.UTF_8), u(a[0]), u(a[1]), u(a[2]));
        return none();
      case "accept_message":
        if (messageAccepted) {
          throw violation("ic0.accept_message called twice");
        }
        messageAccepted = true;
        return none();
      case "msg_reply_data_append": {
        checkResponse(n);
        byte[] b = readHeap(n, u(a[0]), u(a[1]));
        charge(b.length);
        if (replyData.size() + (long) b.length > (2L << 20) + 1000) {
          throw violation("ic0.msg_reply_data_append: reply exceeds the maximum size");
        }
        replyData.writeBytes(b);
        return none();
      }
      case "msg_reply":
        checkResponse(n);
        replied = true;
        return none();
      case "msg_reject": {
        checkResponse(n);
        byte[] b = readHeap(n, u(a[0]), u(a[1]));
        charge(b.length);
        rejected = true;
        rejectedWith = new String(b, StandardCharsets.UTF_8);
        return none();
      }
      case "msg_cycles_available": return one64(saturatingU64(available.subtract(accepted)));
      case "msg_cycles_available128": write128(u(a[0]), available.subtract(accepted)); return none();
      case "msg_cycles_refunded": return one64(saturatingU64(refunded));
      case "msg_cycles_refunded128": write128(u(a[0]), refunded); return none();
      case "msg_cycles_accept": return one64(accept(new BigInteger(Long.toUnsignedString(a[0])))
          .longValue());
      case "msg_cycles_accept128": write128(u(a[2]), accept(u128(a[0], a[1]))); return none();
      case "cycles_burn128": {
        BigInteger want = u128(a[0], a[1]);
        BigInteger b = want.min(liquid());
        burned = burned.add(b);
        write128(u(a[2]), b);
        return none();
      }
      case "canister_self_size": return one(self.length);
      case "canister_self_copy": copyOut(n, self, u(a[0]), u(a[1]), u(a[2])); return none();
      case "canister_cycle_balance": return one64(saturatingU64(currentBalance()));
      case "canister_cycle_balance128": write128(u(a[0]), currentBalance()); return none();
      case "canister_liquid_cycle_balance128": write128(u(a[0]), liquid()); return none();
      case "canister_status": return one(canisterStatus);
      case "canister_version": return one64(canisterVersion);
      case "subnet_self_size": return one(subnetId.length);
      case "subnet_self_copy": copyOut(n, subnetId, u(a[0]), u(a[1]), u(a[2])); return none();
      case "subnet_self_node_count": return one(subnetNodeCount);
      case "call_new": {
        if (pending != null) {
          throw violation("ic0.call_new called while a call is being built");
        }
        OutgoingCall c = new OutgoingCall();
        c.callee = readHeap(n, u(a[0]), u(a[1]));
        byte[] name = readHeap(n, u(a[2]), u(a[3]));
        charge(c.callee.length + name.length);
        c.method = new String(name, StandardCharsets.UTF_8);
        c.replyFn = u(a[4]);
        c.replyEnv = u(a[5]);
        c.rejectFn = u(a[6]);
        c.rejectEnv = u(a[7]);
        pending = c;
        return none();
      }
      case "call_on_cleanup":
        requirePending(n);
        if (pending.cleanupFn >= 0) {
          throw violation("ic0.call_on_cleanup called twice for one call");
        }
        pending.cleanupFn = u(a[0]);
        pending.cleanupEnv = u(a[1]);
        return none();
      case "call_data_append": {
        requirePending(n);
        byte[] b = readHeap(n, u(a[0]), u(a[1]));
        charge(b.length);
        pending.arg.writeBytes(b);
        return none();
      }
      case "call_with_best_effort_response":
        requirePending(n);
        return none();
      case "call_cycles_add": addCycles(new BigInteger(Long.toUnsignedString(a[0]))); return none();
      case "call_cycles_add128": addCycles(u128(a[0], a[1])); return none();
      case "call_perform": {
        requirePending(n);
        OutgoingCall c = pending;
        pending = null;
        calls.add(c);
        return one(0);
      }
      case "stable_size":
        if (stablePages > MAX_STABLE32_PAGES) {
          throw violation("ic0.stable_size: stable memory is larger than 4 GiB");
        }
        return one((int) stablePages);
      case "stable_grow":
        if (stablePages > MAX_STABLE32_PAGES) {
          throw violation("ic0.stable_grow: stable memory is larger than 4 GiB");
        }
        return one((int) stableGrow(u(a[0]), MAX_STABLE32_PAGES));
      case "stable_write": stableWrite(n, u(a[0]), u(a[1]), u(a[2])); return none();
      case "stable_read": stableRead(n, u(a[0]), u(a[1]), u(a[2])); return none();
      case "stable64_size": return one64(stablePages);
      case "stable64_grow": return one64(stableGrow(a[0], MAX_STABLE_PAGES));
      case "stable64_write": stableWrite(n, a[0], a[1], a[2]); return none();
      case "stable64_read": stableRead(n, a[0], a[1], a[2]); return none();
      case "root_key_size": return one(rootKey.length);
      case "root_key_copy": copyOut(n, rootKey, u(a[0]), u(a[1]), u(a[2])); return none();
      case "certified_data_set": {
        if (u(a[1]) > 32) {
          throw violation("ic0.certified_data_set: certified data is at most 32 bytes");
        }
        newCertifiedData = readHeap(n, u(a[0]), u(a[1]));
        return none();
      }
      case "data_certificate_present": return one(dataCertificate != null ? 1 : 0);
      case "data_certificate_size":
        requireCert(n);
        return one(dataCertificate.length);
      case "data_certificate_copy":
        requireCert(n);
        copyOut(n, dataCertificate, u(a[0]), u(a[1]), u(a[2]));
        return none();
      case "time": return one64(timeNanos);
      case "global_timer_set": {
        long prev = newGlobalTimer != null ? newGlobalTimer : globalTimer;
        newGlobalTimer = a[0];
        return one64(prev);
      }
      case "performance_counter": {
        if (a[0] != 0 && a[0] != 1) {
          throw violation("ic0.performance_counter: unknown counter type " + a[0]);
        }
        return one64(instructionsUsed());
      }
      case "is_controller": {
        byte[] p = readHeap(n, u(a[0]), u(a[1]));
        if (p.length > 29) {
          throw violation("ic0.is_controller: not a valid principal (" + p.length + " bytes)");
        }
        return one(isController.test(p) ? 1 : 0);
      }
      case "in_replicated_execution": return one(context.replicated() ? 1 : 0);
      case "cost_call": write128(u(a[2]), fees.callCost(a[0], a[1]).value()); return none();
      case "cost_create_canister": write128(u(a[0]), fees.canisterCreation().value());
        return none();
      case "cost_http_request":
        write128(u(a[2]), fees.httpRequestCost(a[0], a[1]).value());
        return none();
      case "cost_sign_with_ecdsa", "cost_sign_with_schnorr", "cost_vetkd_derive_key":
        readHeap(n, u(a[0]), u(a[1]));
        return one(2); // no such key on this subnet
      case "env_var_count": return one(0);
      case "env_var_name_size", "env_var_name_copy":
        throw violation("ic0." + n + ": environment variable index out of bounds");
      case "env_var_name_exists": readHeap(n, u(a[0]), u(a[1])); return one(0);
      case "env_var_value_size", "env_var_value_copy":
        throw violation("ic0." + n + ": no such environment variable");
      case "debug_print": {
        long len = Math.min(u(a[1]), 32 * 1024);
        byte[] b;
        try {
          b = readHeap(n, u(a[0]), len);
        } catch (CanisterTrap | WasmRuntimeException e) {
          b = "(debug_print message out of memory bounds)".getBytes(StandardCharsets.UTF_8);
        }
        log.add(new String(b, StandardCharsets.UTF_8));
        return none();
      }
      case "trap": {
        long len = Math.min(u(a[1]), 16 * 1024);
        byte[] b;
        try {
          b = readHeap(n, u(a[0]), len);
        } catch (CanisterTrap | WasmRuntimeException e) {
          b = "(trap message out of memory bounds)".getBytes(StandardCharsets.UTF_8);
        }
        throw new CanisterTrap(CanisterTrap.Kind.EXPLICIT, new String(b, StandardCharsets.UTF_8));
      }
      default:
        throw new IllegalStateException("unimplemented ic0 function " + n);
    }
  }

  private BigInteger currentBalance() {
    return balance.add(accepted).subtract(cyclesSentTotal).subtract(burned);
  }

  private BigInteger accept(BigInteger max) {
    BigInteger take = max.min(available.subtract(accepted));
    accepted = accepted.add(take);
    return take;
  }

  private void addCycles(BigInteger c) {
    requirePending("call_cycles_add128");
    if (liquid().compareTo(c) < 0) {
      throw violation("ic0.call_cycles_add128: canister cannot attach " + c
          + " cycles: the balance above the freezing threshold is " + liquid());
    }
    pending.cycles = pending.cycles.add(c);
    cyclesSentTotal = cyclesSentTotal.add(c);
  }

  private void requirePending(String fn) {
    if (pending == null) {
      throw violation("ic0." + fn + " called without a preceding ic0.call_new");
    }
  }

  private void requireCert(String fn) {
    if (dataCertificate == null) {
      throw violation("ic0." + fn + ": no data certificate is present");
    }
  }

  /** A pointer or size argument: an i32 read as unsigned, or an i64 of a wasm64 module. */
  private long u(long v) {
    return wasm64 ? v : v & 0xFFFF_FFFFL;
  }

  private static long[] one(long v) {
    return new long[] {v};
  }

  private static long[] one64(long v) {
    return new long[] {v};
  }

  private static long[] none() {
    return null;
  }
}
