package org.jicp.nns.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.jicp.crypto.Principal;
import org.jicp.nns.sns.SnsException.Code;
import org.junit.jupiter.api.Test;

/** {@link SnsSwap}: participation, the end of the sale, token shares, and typed refusals that change nothing. */
class SnsSwapTest {
  private static final long E8 = 100_000_000L;
  private static final long DUE = 1_780_000_000L;
  private static final Principal A = p("a");
  private static final Principal B = p("b");

  private static Principal p(String s) {
    return Principal.selfAuthenticating(s.getBytes(StandardCharsets.UTF_8));
  }

  private static SnsSwap swap() {
    return new SnsSwap(new SnsApi.SwapInit(p("icp"), p("sns"), p("gov"), p("root"),
        new SnsApi.SwapParams(100 * E8, 300 * E8, 10 * E8, 1_000 * E8, DUE, 0, List.of(p("dev"))), 10_000));
  }

  private static void refused(SnsSwap s, Code code, Consumer<SnsSwap> call) {
    SnsApi.SwapState before = s.state();
    assertThatThrownBy(() -> s.atomic(() -> {
      call.accept(s);
      return null;
    })).isInstanceOfSatisfying(SnsException.class, e -> assertThat(e.code()).isEqualTo(code));
    assertThat(s.state()).isEqualTo(before);
  }

  @Test
  void finalizeSwap_minimumRaisedAtDeadline_commitsAndSharesTokensByIcp() {
    SnsSwap s = swap();
    assertThat(s.refreshBuyerTokens(A, 90 * E8, DUE - 10)).isEqualTo(90 * E8);
    assertThat(s.refreshBuyerTokens(B, 30 * E8, DUE - 10)).isEqualTo(30 * E8);
    assertThat(s.finalizeSwap(DUE)).isEqualTo(SnsApi.Lifecycle.COMMITTED);
    assertThat(s.snsTokensOf(A)).isEqualTo(750 * E8);
    assertThat(s.snsTokensOf(B)).isEqualTo(250 * E8);
  }

  @Test
  void finalizeSwap_belowMinimum_aborts() {
    SnsSwap s = swap();
    s.refreshBuyerTokens(A, 50 * E8, DUE - 10);
    assertThat(s.finalizeSwap(DUE)).isEqualTo(SnsApi.Lifecycle.ABORTED);
  }

  @Test
  void refreshBuyerTokens_pastMaximum_acceptsTheRestAndFullSwapFinalizesEarly() {
    SnsSwap s = swap();
    s.refreshBuyerTokens(A, 250 * E8, DUE - 10);
    assertThat(s.refreshBuyerTokens(B, 80 * E8, DUE - 10)).isEqualTo(50 * E8);
    assertThat(s.finalizeSwap(DUE - 5)).isEqualTo(SnsApi.Lifecycle.COMMITTED);
  }

  @Test
  void refusals_eachTyped_leaveTheStateUnchanged() {
    SnsSwap s = swap();
    refused(s, Code.PARTICIPATION_TOO_SMALL, w -> w.refreshBuyerTokens(A, 10 * E8 - 1, DUE - 10));
    refused(s, Code.SWAP_NOT_OPEN, w -> w.refreshBuyerTokens(A, 20 * E8, DUE));
    s.refreshBuyerTokens(A, 20 * E8, DUE - 10);
    refused(s, Code.SWAP_NOT_FINALIZABLE, w -> w.finalizeSwap(DUE - 1));
    s.refreshBuyerTokens(B, 280 * E8, DUE - 10);
    refused(s, Code.SWAP_NOT_OPEN, w -> w.refreshBuyerTokens(p("c"), 20 * E8, DUE - 10)); // full
    s.finalizeSwap(DUE - 1);
    refused(s, Code.SWAP_NOT_OPEN, w -> w.refreshBuyerTokens(A, 40 * E8, DUE - 1));
    refused(s, Code.SWAP_NOT_FINALIZABLE, w -> w.finalizeSwap(DUE + 1));
  }

  @Test
  void swapParams_outOfRange_isInvalidArgument() {
    assertThatThrownBy(() -> new SnsApi.SwapParams(10, 5, 1, 1, DUE, 0, List.of(A)))
        .isInstanceOfSatisfying(SnsException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> new SnsApi.SwapParams(10, 50, 1, 1, DUE, 0, List.of()))
        .isInstanceOfSatisfying(SnsException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT));
  }
}
