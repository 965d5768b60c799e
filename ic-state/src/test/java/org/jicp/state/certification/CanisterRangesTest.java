package org.jicp.state.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/** Range membership at the edges, and the sorted/disjoint rule of a subnet's canister ranges. */
class CanisterRangesTest {
  private static CanisterRange range(long lo, long hi) {
    return new CanisterRange(CanisterId.fromIndex(lo), CanisterId.fromIndex(hi));
  }

  @Test
  void canisterRange_singleIdOrReversed_acceptedOrRejected() {
    assertThat(range(7, 7).contains(CanisterId.fromIndex(7).principal())).isTrue();
    assertThatThrownBy(() -> range(8, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is after its end");
  }

  @Test
  void canisterRangeContains_edgesAndNeighbours_onlyInsideIsTrue() {
    CanisterRange r = range(10, 20);
    assertThat(r.contains(CanisterId.fromIndex(9).principal())).isFalse();
    assertThat(r.contains(CanisterId.fromIndex(10).principal())).isTrue();
    assertThat(r.contains(CanisterId.fromIndex(15).principal())).isTrue();
    assertThat(r.contains(CanisterId.fromIndex(20).principal())).isTrue();
    assertThat(r.contains(CanisterId.fromIndex(21).principal())).isFalse();
  }

  @Test
  void canisterRanges_overlappingOrTouchingOrUnsorted_rejected() {
    assertThatThrownBy(() -> new CanisterRanges(List.of(range(0, 5), range(5, 9))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sorted and disjoint");
    assertThatThrownBy(() -> new CanisterRanges(List.of(range(0, 5), range(3, 9))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CanisterRanges(List.of(range(6, 9), range(0, 5))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new CanisterRanges(List.of(range(0, 1), range(3, 4), range(4, 9))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new CanisterRanges(List.of(range(0, 5), range(6, 9))).ranges()).hasSize(2);
  }

  @Test
  void canisterRangesContains_everyIdAroundSevenRanges_matchesLinearScan() {
    List<CanisterRange> rs =
        List.of(range(2, 3), range(5, 5), range(8, 12), range(14, 14), range(20, 30),
            range(31, 31), range(40, 41));
    CanisterRanges ranges = new CanisterRanges(rs);
    int inside = 0;
    for (long id = 0; id <= 45; id++) {
      var p = CanisterId.fromIndex(id).principal();
      boolean expected = rs.stream().anyMatch(r -> r.contains(p));
      assertThat(ranges.contains(p)).as("id %d", id).isEqualTo(expected);
      inside += expected ? 1 : 0;
    }
    assertThat(inside).isEqualTo(2 + 1 + 5 + 1 + 11 + 1 + 2);
    assertThat(new CanisterRanges(List.of()).contains(CanisterId.fromIndex(0).principal()))
        .isFalse();
    assertThat(CanisterRanges.decode(ranges.encode())).isEqualTo(ranges);
  }
}
