package org.jicp.state.replicated;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.state.util.FrozenSortedMap;

/**
 * A canister's open call contexts and outstanding callbacks, with the counters that number new
 * ones (dfinity/ic {@code CallContextManager}). A value: each change gives a new manager.
 *
 * @param nextCallContextId the id the next call context gets
 * @param nextCallbackId the id the next callback gets
 * @param callContexts open call contexts by id
 * @param callbacks outstanding callbacks by id
 */
public record CallContextManager(long nextCallContextId, long nextCallbackId,
    SortedMap<Long, CallContext> callContexts, SortedMap<Long, Callback> callbacks) {
  /** No calls; ids start at 1. */
  public static final CallContextManager EMPTY =
      new CallContextManager(1, 1, new TreeMap<>(), new TreeMap<>());

  /** Validates and copies the components. */
  public CallContextManager {
    if (nextCallContextId < 1 || nextCallbackId < 1) {
      throw new IllegalArgumentException("ids start at 1");
    }
    callContexts = FrozenSortedMap.copyOf(callContexts);
    callbacks = FrozenSortedMap.copyOf(callbacks);
    if (!callContexts.isEmpty() && callContexts.lastKey() >= nextCallContextId) {
      throw new IllegalArgumentException("a call context id is not below the next id");
    }
    if (!callbacks.isEmpty() && callbacks.lastKey() >= nextCallbackId) {
      throw new IllegalArgumentException("a callback id is not below the next id");
    }
  }

  /** Whether no call context is open and no callback outstanding. */
  public boolean isEmpty() {
    return callContexts.isEmpty() && callbacks.isEmpty();
  }

  /** A copy with a new call context (its id is {@link #nextCallContextId()}). */
  public CallContextManager newCallContext(CallContext c) {
    TreeMap<Long, CallContext> m = new TreeMap<>(callContexts);
    m.put(nextCallContextId, Objects.requireNonNull(c, "c"));
    return new CallContextManager(nextCallContextId + 1, nextCallbackId, m, callbacks);
  }

  /** A copy with call context {@code id} replaced. */
  public CallContextManager withCallContext(long id, CallContext c) {
    if (!callContexts.containsKey(id)) {
      throw new IllegalArgumentException("no call context " + id);
    }
    TreeMap<Long, CallContext> m = new TreeMap<>(callContexts);
    m.put(id, c);
    return new CallContextManager(nextCallContextId, nextCallbackId, m, callbacks);
  }

  /** A copy without call context {@code id}. */
  public CallContextManager withoutCallContext(long id) {
    TreeMap<Long, CallContext> m = new TreeMap<>(callContexts);
    m.remove(id);
    return new CallContextManager(nextCallContextId, nextCallbackId, m, callbacks);
  }

  /** A copy with a new callback (its id is {@link #nextCallbackId()}). */
  public CallContextManager registerCallback(Callback cb) {
    TreeMap<Long, Callback> m = new TreeMap<>(callbacks);
    m.put(nextCallbackId, Objects.requireNonNull(cb, "cb"));
    return new CallContextManager(nextCallContextId, nextCallbackId + 1, callContexts, m);
  }

  /** A copy without callback {@code id}. */
  public CallContextManager unregisterCallback(long id) {
    TreeMap<Long, Callback> m = new TreeMap<>(callbacks);
    m.remove(id);
    return new CallContextManager(nextCallContextId, nextCallbackId, callContexts, m);
  }

  /** The number of outstanding callbacks of call context {@code contextId}. */
  public int outstandingCalls(long contextId) {
    int n = 0;
    for (Callback cb : callbacks.values()) {
      if (cb.callContextId() == contextId) {
        n++;
      }
    }
    return n;
  }
}
