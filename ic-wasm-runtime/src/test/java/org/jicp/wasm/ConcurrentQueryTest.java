package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.CanisterStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.QueryThreads;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Queries on {@link QueryThreads query threads}: they run on the calling thread, on instances of
 * their own, concurrently with each other and with rounds, and give exactly the answers the
 * execution thread gives (replies, rejects, traps, the call-depth trap, composite queries,
 * stopped canisters); queries on many states at once each see their own state, never a mix.
 */
class ConcurrentQueryTest {
  private static final byte[] NONE = new byte[0];
  private static final String RESTORE_AFTER =
      QueryThreads.RESTORE_AFTER_PROPERTY;

  /** Query threads restore an instance for every version at once (no execution-thread start). */
  @org.junit.jupiter.api.BeforeEach
  void restoreAtOnce() {
    System.setProperty(RESTORE_AFTER, "0");
  }

  @org.junit.jupiter.api.AfterEach
  void defaultRestore() {
    System.clearProperty(RESTORE_AFTER);
  }

  @Test
  void aNewVersion_runsOnTheExecutionThreadFirst_thenOnQueryThreads_sameAnswers()
      throws Exception {
    System.setProperty(RESTORE_AFTER, "3");
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId store = install(s, TestModules.wasm("store"));
      s.update(store, "inc", NONE);
      List<String> answers = onQueryThread(() -> {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          out.add(s.query(store, "heap", NONE).toString() + " restored "
              + s.executor().concurrentQueryInstancesRestored());
        }
        s.update(store, "inc", NONE); // a new version: three more on the execution thread
        for (int i = 0; i < 5; i++) {
          out.add(s.query(store, "heap", NONE).toString() + " restored "
              + s.executor().concurrentQueryInstancesRestored());
        }
        return out;
      });
      String one = "reply 0x0100000000000000 restored ";
      String two = "reply 0x0200000000000000 restored ";
      assertThat(answers).containsExactly(one + 0, one + 0, one + 0, one + 1, one + 1, one + 1,
          two + 1, two + 1, two + 1, two + 2, two + 2);
    }
  }

  private static CanisterId install(Subnet s, byte[] wasm) {
    CanisterId id = s.createCanister();
    assertThat(s.install(id, wasm, NONE, InstallMode.INSTALL)).hasToString("reply 0x");
    return id;
  }

  private static byte[] status(CanisterId id) {
    return org.jicp.wasm.execution.ManagementApi.encode(
        new org.jicp.wasm.execution.ManagementApi.CanisterIdRecord(id.principal()));
  }

  private static <T> T onQueryThread(Callable<T> c) throws Exception {
    FutureTask<T> f = new FutureTask<>(c);
    Thread t = QueryThreads.newThread(f, "test-query");
    t.start();
    return f.get(120, TimeUnit.SECONDS);
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  /** A module with query "boom" (unreachable) and query "rec" (infinite recursion). */
  private static byte[] trapping() {
    ModuleBuilder m = new ModuleBuilder();
    int rec = m.func(NONE, NONE, bytes(0, 0x10, 0, 0x0B)); // calls itself (index 0)
    int boom = m.func(NONE, NONE, bytes(0, 0x00, 0x0B)); // unreachable
    m.export("canister_query rec", rec);
    m.export("canister_query boom", boom);
    return m.build();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void queryThread_givesTheExecutionThreadsAnswers(Engine e) throws Exception {
    try (Subnet s = Subnet.create(e)) {
      CanisterId store = install(s, TestModules.wasm("store"));
      CanisterId callee = install(s, TestModules.wasm("callee"));
      CanisterId composite = install(s, TestModules.wasm("composite"));
      CanisterId trap = install(s, trapping());
      CanisterId stopped = install(s, TestModules.wasm("callee"));
      CanisterId empty = s.createCanister();
      for (int i = 0; i < 3; i++) {
        s.update(store, "inc", NONE);
      }
      s.setStatus(stopped, CanisterStatus.STOPPED);
      List<Object[]> queries = List.of(
          new Object[] {store, "global", NONE},
          new Object[] {store, "heap", NONE},
          new Object[] {store, "stable", NONE},
          new Object[] {store, "inc", NONE}, // an update: no such query method
          new Object[] {callee, "get", NONE},
          new Object[] {composite, "combine", callee.toByteArray()},
          new Object[] {composite, "try_update", callee.toByteArray()},
          new Object[] {composite, "combine", empty.toByteArray()},
          new Object[] {composite, "combine", stopped.toByteArray()},
          new Object[] {trap, "boom", NONE},
          new Object[] {trap, "rec", NONE},
          new Object[] {stopped, "get", NONE},
          new Object[] {empty, "get", NONE},
          new Object[] {RoundExecutor.managementCanister(), "canister_status",
              status(store)});
      List<String> onExecutionThread = new ArrayList<>();
      for (Object[] q : queries) {
        onExecutionThread.add(s.query((CanisterId) q[0], (String) q[1], (byte[]) q[2])
            .toString());
      }
      long restoredBefore = s.executor().concurrentQueryInstancesRestored();
      List<String> onQueryThread = onQueryThread(() -> {
        List<String> out = new ArrayList<>();
        for (int round = 0; round < 2; round++) { // the second time on reused instances
          for (Object[] q : queries) {
            out.add(s.query((CanisterId) q[0], (String) q[1], (byte[]) q[2]).toString());
          }
        }
        return out;
      });
      List<String> twice = new ArrayList<>(onExecutionThread);
      twice.addAll(onExecutionThread);
      assertThat(onQueryThread).isEqualTo(twice);
      assertThat(onExecutionThread.get(0)).isEqualTo("reply 0x0300000000000000");
      assertThat(onExecutionThread.get(5)).isEqualTo("reply 0x" + Bytes.hex(
          "callee says 42".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(onExecutionThread.get(10)).contains("stack overflow: call depth exceeds");
      assertThat(onExecutionThread.get(11)).contains("is not running");
      // The wasm queries ran on the query thread: instances were restored for it (store,
      // callee, composite, trap) and reused the second time.
      long restored = s.executor().concurrentQueryInstancesRestored() - restoredBefore;
      assertThat(restored).isBetween(4L, 8L);
    }
  }

  @Test
  void queriesOnManyStatesAtOnce_concurrentWithRounds_eachSeesItsOwnState() throws Exception {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId store = install(s, TestModules.wasm("store"));
      List<ReplicatedState> states = new CopyOnWriteArrayList<>();
      states.add(s.state());
      for (int i = 1; i <= 8; i++) {
        s.update(store, "inc", NONE);
        states.add(s.state());
      }
      RoundExecutor x = s.executor();
      AtomicBoolean stop = new AtomicBoolean();
      List<String> errors = new CopyOnWriteArrayList<>();
      int threads = 4;
      List<FutureTask<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = t;
        FutureTask<Integer> f = new FutureTask<>(() -> {
          SplittableRandom rnd = new SplittableRandom(seed);
          int n = 0;
          while (!stop.get() || n < 200) {
            int k = rnd.nextInt(states.size());
            ReplicatedState st = states.get(k);
            // The three copies of the counter, each read by its own query on the same state.
            for (String m : new String[] {"global", "heap", "stable"}) {
              ResponsePayload p = x.query(st, store, m, Bytes.EMPTY, Principal.anonymous(),
                  Optional.empty());
              long v = p instanceof ResponsePayload.Reply r ? ByteBuffer.wrap(
                  r.data().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong() : -1;
              if (v != k) {
                errors.add("state " + k + ", " + m + ": " + p);
              }
            }
            n++;
          }
          return n;
        });
        tasks.add(f);
        QueryThreads.newThread(f, "q" + t).start();
      }
      // Rounds meanwhile: more increments, each state added for the readers.
      for (int i = 9; i <= 30; i++) {
        s.update(store, "inc", NONE);
        states.add(s.state());
      }
      stop.set(true);
      int total = 0;
      for (FutureTask<Integer> f : tasks) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(errors).isEmpty();
      assertThat(total).isGreaterThanOrEqualTo(threads * 200);
      assertThat(x.concurrentQueryInstancesRestored()).isPositive();
    }
  }

  @Test
  void aQueryOfANativeCanisterOrTheManagementCanister_fallsBackToTheExecutionThread()
      throws Exception {
    try (Subnet s = Subnet.create(Engine.COMPILER)) {
      CanisterId store = install(s, TestModules.wasm("store"));
      String onExecution = s.query(RoundExecutor.managementCanister(), "canister_status",
          status(store)).toString();
      long before = s.executor().concurrentQueryInstancesRestored();
      String onQuery = onQueryThread(() -> s.query(RoundExecutor.managementCanister(),
          "canister_status", status(store)).toString());
      assertThat(onQuery).isEqualTo(onExecution);
      assertThat(s.executor().concurrentQueryInstancesRestored()).isEqualTo(before);
    }
  }
}
