package org.jicp.types.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.RegistryVersion;
import org.jicp.types.Time;
import org.jicp.types.ports.Batch;
import org.jicp.types.ports.MessageRouting;
import org.jicp.types.ports.MessageRouting.DeliveryResult;
import org.jicp.types.ports.StateHashToCertify;
import org.jicp.types.ports.StateManager;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MessageRouting} (see its Javadoc), for every implementation to subclass:
 * batches are taken in height order without gaps, anything else is ignored without effect, a full
 * queue leaves the expected height alone, accepted batches are committed to the state manager at
 * their height (with a checkpoint when asked), and execution is deterministic.
 */
public abstract class MessageRoutingContractTest {
  /**
   * The implementation under test.
   *
   * @param routing the message routing
   * @param stateManager the state manager it commits to, if the test may look at it
   * @param drain runs queued batches to completion (a no-op for a synchronous implementation)
   */
  public record Subject(MessageRouting routing, Optional<StateManager<?>> stateManager, Runnable drain) {}

  /** A fresh instance; every call gives an independent one starting from the same state. */
  protected abstract Subject create();

  /**
   * A batch of {@code height} this implementation can execute; by default one without messages,
   * at 1 ms per height, registry version 1, randomness derived from the height.
   */
  protected Batch batch(Height height, boolean requiresFullStateHash) {
    byte[] r = new byte[32];
    for (int i = 0; i < 8; i++) {
      r[i] = (byte) (height.value() >>> (8 * i));
    }
    return new Batch(
        height,
        Time.ofMillis(1_000 + height.value()),
        RegistryVersion.of(1),
        Bytes.of(r),
        List.of(),
        new TreeMap<>(),
        requiresFullStateHash);
  }

  /** Delivers {@code batch}, draining and retrying while the queue is full. */
  private static DeliveryResult deliver(Subject s, Batch batch) {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      Height before = s.routing().expectedBatchHeight();
      DeliveryResult r = s.routing().deliverBatch(batch);
      if (!(r instanceof DeliveryResult.QueueFull)) {
        return r;
      }
      assertThat(s.routing().expectedBatchHeight()).as("expected height after QueueFull").isEqualTo(before);
      s.drain().run();
    }
    throw new AssertionError("the queue stayed full for 1000 attempts");
  }

  @Test
  void deliverBatch_expectedHeight_acceptedAndNextHeightExpected() {
    Subject s = create();
    Height h = s.routing().expectedBatchHeight();
    assertThat(deliver(s, batch(h, false))).isInstanceOf(DeliveryResult.Accepted.class);
    assertThat(s.routing().expectedBatchHeight()).isEqualTo(h.increment());
  }

  @Test
  void deliverBatch_gapOrRepeat_ignoredAndNothingChanges() {
    Subject s = create();
    Height h = s.routing().expectedBatchHeight();
    DeliveryResult gap = s.routing().deliverBatch(batch(h.increment(), false));
    assertThat(gap).isEqualTo(new DeliveryResult.Ignored(h, h.increment()));
    assertThat(s.routing().expectedBatchHeight()).isEqualTo(h);
    assertThat(deliver(s, batch(h, false))).isInstanceOf(DeliveryResult.Accepted.class);
    s.drain().run();
    List<Long> hashesBefore = stateHeights(s);
    DeliveryResult repeat = s.routing().deliverBatch(batch(h, false));
    assertThat(repeat).isEqualTo(new DeliveryResult.Ignored(h.increment(), h));
    s.drain().run();
    assertThat(s.routing().expectedBatchHeight()).isEqualTo(h.increment());
    assertThat(stateHeights(s)).isEqualTo(hashesBefore);
  }

  @Test
  void deliverBatch_inOrder_eachBatchCommittedAtItsHeight() {
    Subject s = create();
    Height start = s.routing().expectedBatchHeight();
    for (int i = 0; i < 10; i++) {
      Height h = start.plus(i);
      assertThat(deliver(s, batch(h, false))).isInstanceOf(DeliveryResult.Accepted.class);
      s.drain().run();
      assertThat(s.routing().expectedBatchHeight()).isEqualTo(h.increment());
      s.stateManager().ifPresent(sm -> assertThat(sm.latestStateHeight()).isEqualTo(h));
    }
  }

  @Test
  void deliverBatch_requiresFullStateHash_checkpointHashAvailableOnlyThere() {
    Subject s = create();
    if (s.stateManager().isEmpty()) {
      return;
    }
    StateManager<?> sm = s.stateManager().get();
    Height h1 = s.routing().expectedBatchHeight();
    deliver(s, batch(h1, false));
    deliver(s, batch(h1.increment(), true));
    s.drain().run();
    assertThat(sm.fullStateHash(h1.increment())).as("full state hash of the checkpoint batch").isPresent();
    assertThat(sm.fullStateHash(h1.increment()).get().length()).isEqualTo(32);
    assertThat(sm.fullStateHash(h1)).as("no checkpoint was asked for at " + h1).isEmpty();
  }

  @Test
  void deliverBatch_sameBatchesOnTwoInstances_sameStateHashes() {
    Subject a = create();
    Subject b = create();
    if (a.stateManager().isEmpty()) {
      return;
    }
    Height start = a.routing().expectedBatchHeight();
    assertThat(b.routing().expectedBatchHeight()).isEqualTo(start);
    for (int i = 0; i < 5; i++) {
      deliver(a, batch(start.plus(i), i == 4));
      deliver(b, batch(start.plus(i), i == 4));
    }
    a.drain().run();
    b.drain().run();
    assertThat(a.stateManager().get().listStateHashesToCertify())
        .isEqualTo(b.stateManager().get().listStateHashesToCertify())
        .isNotEmpty();
    assertThat(a.stateManager().get().fullStateHash(start.plus(4))).isEqualTo(b.stateManager().get().fullStateHash(start.plus(4)));
  }

  private static List<Long> stateHeights(Subject s) {
    List<Long> out = new ArrayList<>();
    s.stateManager().ifPresent(sm -> {
      out.add(sm.latestStateHeight().value());
      for (StateHashToCertify x : sm.listStateHashesToCertify()) {
        out.add(x.height().value());
      }
    });
    return out;
  }
}
