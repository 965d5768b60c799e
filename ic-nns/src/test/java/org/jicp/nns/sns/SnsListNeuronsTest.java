package org.jicp.nns.sns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/** SNS governance's {@code list_neurons} in the published shape: filter, order, paging and limit, through the Candid interface. */
class SnsListNeuronsTest {
  private static final long E8 = 100_000_000L;
  private static final long T0 = 1_780_000_000L;
  private static final Principal LEDGER = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
  private static final Principal SWAP = p("swap");
  private static final Principal ALICE = p("alice");
  private static final Principal BOB = p("bob");

  private static Principal p(String s) {
    return Principal.selfAuthenticating(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Governance with {@code n} neurons: alice's at even indexes, bob's at odd ones. */
  private static SnsGovernanceCanister governance(int n) {
    SnsGovernance gov = new SnsGovernance(new SnsApi.Init(LEDGER, p("root"), SWAP, LEDGER, List.of(p("dapp")), SnsApi.Params.defaults()));
    List<SnsApi.SwapNeuron> neurons = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      neurons.add(new SnsApi.SwapNeuron(i % 2 == 0 ? ALICE : BOB, i, (i + 1) * E8, 86_400L * 365));
    }
    gov.claimSwapNeurons(SWAP, neurons, T0);
    return new SnsGovernanceCanister(CanisterId.fromIndex(0x2100002L), gov);
  }

  private static SnsApi.ListNeuronsResponse list(SnsGovernanceCanister g, Optional<Principal> of, int limit,
      Optional<SnsApi.NeuronId> after) {
    // Through the Candid encoding, as a client sends and reads it.
    byte[] arg = NnsCandid.MAPPER.encode(new SnsApi.ListNeurons(of, limit, after));
    SnsApi.ListNeurons decoded = NnsCandid.MAPPER.decode(arg, SnsApi.ListNeurons.class);
    byte[] reply = NnsCandid.MAPPER.encode(g.listNeurons(decoded));
    return NnsCandid.MAPPER.decode(reply, SnsApi.ListNeuronsResponse.class);
  }

  private static byte[] id(SnsApi.PublishedNeuron n) {
    return n.id().orElseThrow().id().toByteArray();
  }

  @Test
  void listNeurons_pagedByLastId_returnsEveryNeuronOnceInIdOrder() {
    SnsGovernanceCanister g = governance(7);
    List<SnsApi.PublishedNeuron> all = new ArrayList<>();
    Optional<SnsApi.NeuronId> after = Optional.empty();
    int pages = 0;
    while (true) {
      SnsApi.ListNeuronsResponse page = list(g, Optional.empty(), 3, after);
      assertThat(page.neurons()).hasSizeLessThanOrEqualTo(3);
      if (page.neurons().isEmpty()) {
        break;
      }
      pages++;
      all.addAll(page.neurons());
      after = page.neurons().get(page.neurons().size() - 1).id();
    }
    assertThat(pages).isEqualTo(3);
    assertThat(all).hasSize(7);
    for (int i = 1; i < all.size(); i++) {
      assertThat(Arrays.compareUnsigned(id(all.get(i - 1)), id(all.get(i)))).isNegative();
    }
    assertThat(all.stream().mapToLong(SnsApi.PublishedNeuron::cachedNeuronStakeE8s).sum()).isEqualTo(28 * E8);
  }

  @Test
  void listNeurons_ofPrincipal_onlyItsNeuronsWithItsPermissions() {
    SnsGovernanceCanister g = governance(5);
    SnsApi.ListNeuronsResponse bobs = list(g, Optional.of(BOB), 0, Optional.empty());
    assertThat(bobs.neurons()).hasSize(2).allSatisfy(n -> {
      assertThat(n.permissions()).containsExactly(new SnsApi.NeuronPermission(Optional.of(BOB), SnsApi.CONTROLLER_PERMISSIONS));
      assertThat(n.dissolveState()).contains(new SnsApi.DissolveState.DissolveDelaySeconds(86_400L * 365));
      assertThat(n.createdTimestampSeconds()).isEqualTo(T0);
    });
    assertThat(list(g, Optional.of(p("nobody")), 10, Optional.empty()).neurons()).isEmpty();
  }

  @Test
  void listNeurons_limitZeroOrAboveTheMaximum_answersAtMostTheMaximum() {
    SnsGovernanceCanister g = governance(SnsGovernanceCanister.MAX_LIST_NEURONS + 5);
    assertThat(list(g, Optional.empty(), 0, Optional.empty()).neurons()).hasSize(SnsGovernanceCanister.MAX_LIST_NEURONS);
    assertThat(list(g, Optional.empty(), -1, Optional.empty()).neurons()).hasSize(SnsGovernanceCanister.MAX_LIST_NEURONS);
    assertThat(list(g, Optional.empty(), 2, Optional.of(new SnsApi.NeuronId(Bytes.of(new byte[32]))))
        .neurons()).hasSize(2);
  }
}
