package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The launcher's class-data-sharing training run: a replica that starts and answers. */
class CdsTrainingTest {
  @Test
  void train_startsAReplicaThatAnswersStatusAndTopology() throws Exception {
    assertThat(CdsTraining.train(Duration.ofMinutes(3))).isZero();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("jicp-cds-training"));   // the replica was stopped
  }

  @Test
  void train_notReadyInTime_isStatusOne() throws Exception {
    assertThat(CdsTraining.train(Duration.ZERO)).isEqualTo(1);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("jicp-cds-training"));
  }
}
