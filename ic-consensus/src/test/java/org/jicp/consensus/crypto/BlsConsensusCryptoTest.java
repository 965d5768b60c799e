package org.jicp.consensus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jicp.consensus.artifact.MultiSignature;
import org.jicp.consensus.artifact.MultiSignatureShare;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Parallelism;
import org.jicp.types.NodeId;
import org.junit.jupiter.api.Test;

class BlsConsensusCryptoTest extends ConsensusCryptoContractTest {
  @Override
  SubnetCrypto create(List<NodeId> nodes) {
    return BlsConsensusCrypto.setup(SUBNET, nodes, 11);
  }

  /**
   * Shares checked on one thread and split over a pool get the same verdicts, culprits included:
   * two well-formed shares that do not verify (one signs another message, one is another
   * signer's) among seven send the batch into its culprit search.
   */
  @Test
  void verifyMultiShares_sequentialAndParallel_giveTheSameVerdicts() {
    List<NodeId> seven = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      seven.add(NodeId.ofIndex(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SubnetCrypto sequential = BlsConsensusCrypto.setup(SUBNET, seven, 5, Parallelism.sequential());
      SubnetCrypto parallel = BlsConsensusCrypto.setup(SUBNET, seven, 5, Parallelism.of(pool, 3));
      byte[] other = "another message".getBytes(StandardCharsets.US_ASCII);
      List<MultiSignatureShare> shares = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        ConsensusCrypto signer = sequential.forNode(seven.get(i == 5 ? 6 : i));
        Bytes s = signer.signMulti(i == 1 ? other : MSG);
        shares.add(new MultiSignatureShare(seven.get(i), s));
      }
      boolean[] expected = {true, false, true, true, true, false, true};
      assertThat(sequential.forNode(seven.get(0)).verifyMultiShares(MSG, shares)).containsExactly(expected);
      assertThat(parallel.forNode(seven.get(0)).verifyMultiShares(MSG, shares)).containsExactly(expected);
      List<MultiSignatureShare> valid = List.of(shares.get(0), shares.get(2), shares.get(3));
      Bytes agg = sequential.forNode(seven.get(0)).aggregateMulti(valid);
      MultiSignature multi = new MultiSignature(List.of(seven.get(0), seven.get(2), seven.get(3)), agg);
      assertThat(parallel.forNode(seven.get(1)).verifyMulti(MSG, multi)).isTrue();
      assertThat(parallel.forNode(seven.get(1)).verifyMulti(other, multi)).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }
}
