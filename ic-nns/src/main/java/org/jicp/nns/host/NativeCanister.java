package org.jicp.nns.host;

import org.jicp.types.RejectCode;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.nns.MalformedRequestException;
import org.jicp.types.CanisterId;

/**
 * A base for system canisters with a Candid interface: a table of update and query methods, each
 * decoding its argument with the {@link CandidMapper} (bytes that do not decode at the method's
 * type are a {@link MalformedRequestException}, that is a reject with the state unchanged) and
 * encoding its reply.
 *
 * <p>Calls to other canisters continue at named <em>steps</em> ({@link #step}): {@link #await}
 * makes a call and names the step that handles its response together with a context record
 * (Candid-encoded), so that an outstanding call is plain data saved with the canister's state
 * (see {@link SystemCanisterAdapter}) and any later instance, restored from a checkpoint, a
 * state-synced copy, a snapshot or an upgrade, continues it the same way.
 */
public abstract class NativeCanister implements SystemCanister {
  /** A method of the canister. */
  @FunctionalInterface
  protected interface Method {
    /** Handles a call with the raw argument bytes. */
    Outcome handle(CallContext ctx, Bytes arg);
  }

  private record Entry(Method method, boolean query) {}

  /** A step that continues the work of a call with the call's response. */
  @FunctionalInterface
  protected interface Step {
    /** Continues with {@code response}; {@code context} is what {@link #await} was given. */
    Outcome resume(CallContext ctx, Bytes context, Response response);
  }

  /** The mapper used for all arguments and replies. */
  protected static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;

  private static final CandidType NAT64 = CandidText.parseType("nat64");

  private final CanisterId id;
  private final Map<String, Entry> methods = new TreeMap<>();
  private final Map<String, Step> steps = new TreeMap<>();

  /** A canister at {@code id}. */
  protected NativeCanister(CanisterId id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  /** Declares an update method. */
  protected final void update(String name, Method m) {
    methods.put(name, new Entry(m, false));
  }

  /** Declares a query method. */
  protected final void query(String name, Method m) {
    methods.put(name, new Entry(m, true));
  }

  /** Declares a step that continues the work of a call ({@link #await}). */
  protected final void step(String name, Step s) {
    if (steps.putIfAbsent(name, Objects.requireNonNull(s, "s")) != null) {
      throw new IllegalArgumentException("step " + name + " is declared twice");
    }
  }

  /** The step names, in order. */
  public final java.util.Set<String> stepNames() {
    return java.util.Collections.unmodifiableSet(steps.keySet());
  }

  /**
   * Makes {@code call}; its response continues at step {@code step} with {@code context} (a
   * record, Candid-encoded, or {@link Bytes} as they are).
   */
  protected final Outcome await(OutgoingCall call, String step, Object context) {
    if (!steps.containsKey(step)) {
      throw new IllegalArgumentException(id + " has no step " + step);
    }
    Bytes ctx = context instanceof Bytes b ? b : Bytes.of(CANDID.encode(context));
    return new Outcome.Await(call, new Outcome.Continuation(step, ctx));
  }

  /** The context record a step was given, decoded as {@code type}. */
  protected static <T> T context(Bytes context, Class<T> type) {
    return CANDID.decode(context.toByteArray(), type);
  }

  @Override
  public final Outcome resume(CallContext ctx, Outcome.Continuation then, Response response) {
    Step s = steps.get(then.step());
    if (s == null) {
      throw new IllegalStateException(id + " has no step " + then.step());
    }
    return s.resume(ctx, then.context(), response);
  }

  @Override
  public final CanisterId id() {
    return id;
  }

  @Override
  public final boolean isQuery(String method) {
    Entry e = methods.get(method);
    return e != null && e.query();
  }

  @Override
  public final boolean hasMethod(String method) {
    return methods.containsKey(method);
  }

  /** The method names, in order. */
  public final java.util.Set<String> methodNames() {
    return java.util.Collections.unmodifiableSet(methods.keySet());
  }

  @Override
  public final Outcome handle(CallContext ctx, String method, Bytes arg) {
    Entry e = methods.get(method);
    if (e == null) {
      return new Outcome.Reject(RejectCode.DESTINATION_INVALID, id + " has no method " + method);
    }
    return e.method().handle(ctx, arg);
  }

  /** The first argument of {@code arg} as {@code type}. */
  protected static <T> T decode(Bytes arg, Class<T> type) {
    try {
      return CANDID.decode(arg.toByteArray(), type);
    } catch (RuntimeException e) {
      throw new MalformedRequestException("the argument is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** The first argument of {@code arg} as a generic type. */
  protected static <T> T decode(Bytes arg, TypeRef<T> type) {
    try {
      return CANDID.decode(arg.toByteArray(), type);
    } catch (RuntimeException e) {
      throw new MalformedRequestException("the argument is not a " + type + ": " + e.getMessage(), e);
    }
  }

  /** The first argument as a {@code nat64} (unsigned bits in a long). */
  protected static long decodeNat64(Bytes arg) {
    try {
      CandidValue v = CandidDecoder.standard().decodeOne(arg.toByteArray(), NAT64);
      return ((CandidValue.Nat64) v).bits();
    } catch (RuntimeException e) {
      throw new MalformedRequestException("the argument is not a nat64: " + e.getMessage(), e);
    }
  }

  /** Checks that {@code arg} is a Candid message with no arguments (extra arguments are allowed). */
  protected static void decodeEmpty(Bytes arg) {
    try {
      CandidDecoder.standard().decode(arg.toByteArray(), java.util.List.<CandidType>of());
    } catch (RuntimeException e) {
      throw new MalformedRequestException("the argument is not Candid: " + e.getMessage(), e);
    }
  }

  /** A reply of {@code value} mapped as its class. */
  protected static Outcome reply(Object value) {
    return Outcome.reply(CANDID.encode(value));
  }

  /** A reply of {@code value} mapped as {@code type}. */
  protected static Outcome reply(Type type, Object value) {
    return Outcome.reply(CANDID.encodeAs(type, value));
  }

  /** A reply of {@code value} mapped as a generic type. */
  protected static <T> Outcome reply(TypeRef<T> type, T value) {
    return Outcome.reply(CANDID.encodeAs(type.type(), value));
  }

  /** A reply with no values. */
  protected static Outcome replyEmpty() {
    return Outcome.reply(CandidEncoder.empty());
  }

  /** A reply of one {@code nat64}. */
  protected static Outcome replyNat64(long v) {
    return Outcome.reply(CandidEncoder.encode(NAT64, new CandidValue.Nat64(v)));
  }

  /** A reply of one {@code vec nat64}. */
  protected static Outcome replyNat64s(java.util.List<Long> values) {
    java.util.List<CandidValue> vs = new java.util.ArrayList<>(values.size());
    values.forEach(v -> vs.add(new CandidValue.Nat64(v)));
    return Outcome.reply(CandidEncoder.encode(CandidText.parseType("vec nat64"), new CandidValue.Vec(vs)));
  }

  /** The bytes of a Candid message with one argument mapped as its class. */
  protected static byte[] encode(Object value) {
    return CANDID.encode(value);
  }
}
