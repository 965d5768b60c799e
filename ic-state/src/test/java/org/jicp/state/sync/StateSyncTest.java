package org.jicp.state.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.testing.SampleStates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateSyncTest {
  @TempDir Path base;

  private StateManager source;
  private ReplicatedState s1;
  private ReplicatedState s2;

  /** A state whose first installed canister has a heap of 3 MiB, so files span several chunks. */
  private static ReplicatedState bigState() {
    ReplicatedState s = SampleStates.state(Height.of(1), 4, 11);
    CanisterState c = s.canisters().values().iterator().next();
    ExecutionState es = c.execution().orElseThrow();
    PageMap.Transaction t = es.heap().begin();
    SplittableRandom r = new SplittableRandom(3);
    byte[] page = new byte[PageMap.PAGE_SIZE];
    for (int p = 0; p < 768; p++) {
      for (int i = 0; i < page.length; i += 64) {
        page[i] = (byte) r.nextInt(256);
      }
      t.write((long) p * PageMap.PAGE_SIZE, page, 0, page.length);
    }
    return s.withCanister(c.withExecution(es.withMemories(t.commit(), 48, es.stableMemory(),
        es.stableMemorySizeWasmPages(), es.exportedGlobals())));
  }

  @BeforeEach
  void setUp() {
    source = StateManager.open(base.resolve("source"));
    s1 = source.checkpoint(bigState()).state();
    s2 = source.checkpoint(SampleStates.nextRound(s1, 5)).state();
  }

  private StateSyncTransport transport(List<String> peers, Bad bad) {
    StateSyncServer server = new StateSyncServer(source);
    return new StateSyncTransport() {
      @Override
      public List<String> peers() {
        return peers;
      }

      @Override
      public byte[] fetchChunk(String peer, Height height, long chunkId) {
        byte[] b = server.chunk(height, chunkId);
        return bad.tamper(peer, chunkId, b);
      }
    };
  }

  interface Bad {
    byte[] tamper(String peer, long chunkId, byte[] b);
  }

  private Bytes manifestHash(Height h) {
    return source.manifest(h).hash();
  }

  @Test
  void sync_fromScratch_endsWithSourceManifestHashAndState() {
    StateManager dest = StateManager.open(base.resolve("dest"));
    StateSync.Result r = new StateSync(dest, transport(List.of("p1"), (p, id, b) -> b))
        .sync(Height.of(2), manifestHash(Height.of(2)));
    assertThat(r.checkpoint().manifest().hash()).isEqualTo(manifestHash(Height.of(2)));
    assertThat(SampleStates.sameContents(r.checkpoint().state(), s2)).isTrue();
    assertThat(r.chunksFetched()).isEqualTo(source.manifest(Height.of(2)).chunks().size());
    assertThat(r.chunksRejected()).isZero();
  }

  @Test
  void sync_withOlderLocalCheckpoint_fetchesOnlyMissingChunks() {
    StateManager dest = StateManager.open(base.resolve("dest"));
    dest.checkpoint(bigState());
    assertThat(dest.manifest(Height.of(1)).hash()).isEqualTo(manifestHash(Height.of(1)));
    StateSync.Result r = new StateSync(dest, transport(List.of("p1"), (p, id, b) -> b))
        .sync(Height.of(2), manifestHash(Height.of(2)));
    int total = source.manifest(Height.of(2)).chunks().size();
    assertThat(r.chunksReusedFromLocalCheckpoint()).isGreaterThan(0);
    assertThat(r.chunksFetched()).isLessThan(total / 2);
    assertThat(r.chunksFetched() + r.chunksReusedFromLocalCheckpoint()).isEqualTo(total);
    assertThat(r.checkpoint().manifest().hash()).isEqualTo(manifestHash(Height.of(2)));
  }

  @Test
  void sync_forgedChunkFromOnePeer_rejectsItAndAsksAnother() {
    StateManager dest = StateManager.open(base.resolve("dest"));
    StateSync.Result r = new StateSync(dest, transport(List.of("evil", "good"), (p, id, b) -> {
      if (p.equals("evil") && id == 3) {
        byte[] f = b.clone();
        f[0] ^= 1;
        return f;
      }
      return b;
    })).sync(Height.of(2), manifestHash(Height.of(2)));
    assertThat(r.chunksRejected()).isEqualTo(1);
    assertThat(r.rejectedPeers()).containsExactly("evil");
    assertThat(r.checkpoint().manifest().hash()).isEqualTo(manifestHash(Height.of(2)));
  }

  @Test
  void sync_forgedMetaManifestEverywhere_throws() {
    StateManager dest = StateManager.open(base.resolve("dest"));
    StateSync sync = new StateSync(dest, transport(List.of("a", "b"),
        (p, id, b) -> id == 0 ? new byte[] {8, 3} : b));
    assertThatThrownBy(() -> sync.sync(Height.of(2), manifestHash(Height.of(2))))
        .isInstanceOf(StateSyncException.class)
        .hasMessageContaining("meta-manifest");
    assertThat(dest.checkpointHeights()).isEmpty();
  }

  @Test
  void sync_interrupted_resumesWithoutRefetching() {
    StateManager dest = StateManager.open(base.resolve("dest"));
    int[] budget = {3};
    StateSyncTransport flaky = transport(List.of("p"), (p, id, b) -> {
      if (id >= 1 && id < StateSyncServer.MANIFEST_CHUNK_ID_OFFSET && budget[0]-- <= 0) {
        throw new RuntimeException("connection reset");
      }
      return b;
    });
    assertThatThrownBy(() -> new StateSync(dest, flaky).sync(Height.of(2),
        manifestHash(Height.of(2))))
        .isInstanceOf(StateSyncException.class)
        .hasMessageContaining("connection reset");
    assertThat(dest.checkpointHeights()).isEmpty();
    StateManager restarted = StateManager.open(base.resolve("dest"));
    StateSync.Result r = new StateSync(restarted, transport(List.of("p"), (p, id, b) -> b))
        .sync(Height.of(2), manifestHash(Height.of(2)));
    assertThat(r.chunksAlreadyInScratchpad()).isEqualTo(3);
    assertThat(r.chunksFetched())
        .isEqualTo(source.manifest(Height.of(2)).chunks().size() - 3);
    assertThat(SampleStates.sameContents(r.checkpoint().state(), s2)).isTrue();
  }

  @Test
  void sync_parallelFromThreePeersOneForging_everyHonestPeerServesAndStateMatches() {
    StateManager dest = StateManager.open(base.resolve("dest"));
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> served =
        new java.util.concurrent.ConcurrentHashMap<>();
    StateSync.Result r = new StateSync(dest, transport(List.of("a", "evil", "c"), (p, id, b) -> {
      served.computeIfAbsent(p, k -> new java.util.concurrent.atomic.AtomicInteger())
          .incrementAndGet();
      if (p.equals("evil") && id >= 1 && id < StateSyncServer.MANIFEST_CHUNK_ID_OFFSET) {
        byte[] f = b.clone();
        f[f.length - 1] ^= 1;
        return f;
      }
      return b;
    }), 3).sync(Height.of(2), manifestHash(Height.of(2)));
    int total = source.manifest(Height.of(2)).chunks().size();
    assertThat(total).isGreaterThanOrEqualTo(3);
    assertThat(r.chunksFetched()).isEqualTo(total);
    assertThat(r.rejectedPeers()).containsExactly("evil");
    assertThat(r.chunksRejected()).isGreaterThanOrEqualTo(1);
    assertThat(served.get("a").get()).isGreaterThan(0);
    assertThat(served.get("c").get()).isGreaterThan(0);
    assertThat(r.checkpoint().manifest().hash()).isEqualTo(manifestHash(Height.of(2)));
    assertThat(SampleStates.sameContents(r.checkpoint().state(), s2)).isTrue();
  }

  @Test
  void new_parallelismZero_throws() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StateSync(
        StateManager.open(base.resolve("dest")), transport(List.of("p"), (p, id, b) -> b), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
