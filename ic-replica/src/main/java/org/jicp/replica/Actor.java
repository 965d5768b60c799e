package org.jicp.replica;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.actor.ActorInterface;
import org.jicp.candid.actor.ActorMethod;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;

/**
 * Typed calls to a canister of a {@link Replica}: a dynamic proxy of a Java interface read as a
 * Candid service by {@link ActorInterface} (ic-candid's mapping annotations; {@code @Query} and
 * {@code @CompositeQuery} methods are queries, {@code @OneWay} methods are submitted without
 * waiting, all others are update calls run to their certified result).
 *
 * <pre>{@code
 * interface Counter {
 *   void inc();
 *   @Query BigInteger get();
 * }
 * Counter c = ic.actor(id, Counter.class);      // or Actor.of(ic, sender, id, Counter.class)
 * c.inc();
 * c.get();                                      // 1
 * }</pre>
 *
 * <p>A reject (by the canister or the system) is thrown as {@link RejectedException}, which
 * carries the reject code, the IC error code and the reject message. Default methods of the
 * interface run as written (they may call the abstract ones); {@code toString}, {@code equals}
 * and {@code hashCode} are those of the actor (canister, interface, sender).
 */
public final class Actor {
  private Actor() {}

  /** An actor for canister {@code id} calling as the anonymous principal. */
  public static <T> T of(Replica replica, CanisterId id, Class<T> type) {
    return of(replica, Principal.anonymous(), id, type);
  }

  /**
   * An actor for canister {@code id} calling as {@code sender}.
   *
   * @throws IllegalArgumentException if {@code type} is not an interface that maps to a Candid
   *     service (the message names the method and the problem)
   */
  public static <T> T of(Replica replica, Principal sender, CanisterId id, Class<T> type) {
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(id, "id");
    ActorInterface<T> iface = ActorInterface.of(type);
    Handler h = new Handler(replica, sender, id, iface);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }

  /**
   * The canister an actor made by {@link #of} calls.
   *
   * @throws IllegalArgumentException if {@code actor} was not made by {@link #of}
   */
  public static CanisterId canisterOf(Object actor) {
    return handlerOf(actor).id;
  }

  /**
   * The principal an actor made by {@link #of} calls as.
   *
   * @throws IllegalArgumentException if {@code actor} was not made by {@link #of}
   */
  public static Principal senderOf(Object actor) {
    return handlerOf(actor).sender;
  }

  private static Handler handlerOf(Object actor) {
    if (actor != null && Proxy.isProxyClass(actor.getClass())
        && Proxy.getInvocationHandler(actor) instanceof Handler h) {
      return h;
    }
    throw new IllegalArgumentException("not an actor made by Actor.of: " + actor);
  }

  /**
   * A call of an actor method was rejected (by the canister or by the system).
   */
  public static final class RejectedException extends ReplicaException {
    private static final long serialVersionUID = 1L;
    private final transient CanisterId canister;
    private final String method;
    private final RejectCode code;
    private final transient Optional<ErrorCode> errorCode;
    private final String rejectMessage;

    RejectedException(CanisterId canister, String method, RejectCode code,
        Optional<ErrorCode> errorCode, String rejectMessage) {
      super(canister + "." + method + " rejected (" + code + errorCode.map(e -> ", " + e)
          .orElse("") + "): " + rejectMessage);
      this.canister = canister;
      this.method = method;
      this.code = code;
      this.errorCode = errorCode;
      this.rejectMessage = rejectMessage;
    }

    /** The canister called. */
    public CanisterId canister() {
      return canister;
    }

    /** The Candid method called. */
    public String method() {
      return method;
    }

    /** The reject code. */
    public RejectCode code() {
      return code;
    }

    /** The IC error code (IC0406 for a canister's own reject), if the replica gave one. */
    public Optional<ErrorCode> errorCode() {
      return errorCode;
    }

    /** The reject message as the canister or the system wrote it. */
    public String rejectMessage() {
      return rejectMessage;
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Replica replica;
    private final Principal sender;
    private final CanisterId id;
    private final ActorInterface<?> iface;

    Handler(Replica replica, Principal sender, CanisterId id, ActorInterface<?> iface) {
      this.replica = replica;
      this.sender = sender;
      this.id = id;
      this.iface = iface;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      if (m.getDeclaringClass() == Object.class) {
        return switch (m.getName()) {
          case "toString" -> "Actor[" + iface.javaType().getSimpleName() + " " + id
              + (sender.equals(Principal.anonymous()) ? "" : " as " + sender) + "]";
          case "hashCode" -> Objects.hash(replica, sender, id, iface.javaType());
          case "equals" -> args[0] != null && Proxy.isProxyClass(args[0].getClass())
              && Proxy.getInvocationHandler(args[0]) instanceof Handler o
              && o.replica == replica && o.sender.equals(sender) && o.id.equals(id)
              && o.iface.javaType() == iface.javaType();
          default -> throw new UnsupportedOperationException(m.getName());
        };
      }
      if (m.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, m, args);
      }
      ActorMethod am = iface.method(m);
      byte[] arg = am.encodeArgs(args);
      try {
        if (am.isOneWay()) {
          replica.submit(sender, id, id, am.name(), arg);
          return null;
        }
        byte[] reply = am.isQuery() ? replica.query(sender, id, am.name(), arg)
            : replica.update(sender, id, am.name(), arg);
        return am.decodeResult(reply);
      } catch (Replica.CallRejectedException e) {
        String msg = e.getMessage();
        String prefix = e.code().code() + ": ";
        throw new RejectedException(id, am.name(), e.code(), e.errorCode(),
            msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
      }
    }
  }
}
