package org.jicp.nns.sns;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.nns.sns.SnsException.Code;

/**
 * The decentralization sale of one SNS as a deterministic state machine: buyers send ICP to their
 * subaccount of the swap on the ICP ledger and ask the swap to count it ({@code
 * refresh_buyer_tokens}); the sale ends at its deadline or when it reaches its maximum; it
 * succeeds (COMMITTED) if it raised its minimum, else it fails (ABORTED). The hosted canister
 * ({@link SnsSwapCanister}) moves the ICP to the SNS treasury and the SNS tokens to the buyers'
 * neurons (COMMITTED), or refunds the ICP and gives the dapp back to its fallback controllers
 * (ABORTED). Refusals are typed {@link SnsException}s; the state is then unchanged.
 */
public final class SnsSwap {
  private final SnsApi.SwapInit init;
  private SnsApi.Lifecycle lifecycle = SnsApi.Lifecycle.OPEN;
  private final Map<Principal, Long> participants = new LinkedHashMap<>();
  private long finalizations;

  /** An open swap. */
  public SnsSwap(SnsApi.SwapInit init) {
    this.init = Objects.requireNonNull(init, "init");
  }

  /** The swap's canisters and terms. */
  public SnsApi.SwapInit init() {
    return init;
  }

  /** Where it is. */
  public SnsApi.Lifecycle lifecycle() {
    return lifecycle;
  }

  /** The ICP accepted so far. */
  public long totalIcpE8s() {
    return participants.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The ICP accepted from {@code buyer}. */
  public long participation(Principal buyer) {
    return participants.getOrDefault(buyer, 0L);
  }

  /** The buyers and their ICP, in order of first participation. */
  public List<SnsApi.Participant> participants() {
    List<SnsApi.Participant> out = new ArrayList<>();
    participants.forEach((b, a) -> out.add(new SnsApi.Participant(b, a)));
    return out;
  }

  /** The swap's ICP ledger subaccount where {@code buyer} sends ICP: the principal, length-prefixed, zero-padded (as the swap does). */
  public static Bytes buyerSubaccount(Principal buyer) {
    return Subaccount.ofPrincipal(buyer).bytes();
  }

  /**
   * Counts {@code buyer}'s ICP: {@code balanceE8s} is what its subaccount holds on the ICP ledger
   * (read by the host). The participation becomes min(balance, what the maximum still allows).
   *
   * @return the accepted participation
   * @throws SnsException {@code SWAP_NOT_OPEN} (finalized, past the deadline or full), {@code
   *     PARTICIPATION_TOO_SMALL}
   */
  public long refreshBuyerTokens(Principal buyer, long balanceE8s, long nowSeconds) {
    if (lifecycle != SnsApi.Lifecycle.OPEN || nowSeconds >= init.params().swapDueSeconds()) {
      throw new SnsException(Code.SWAP_NOT_OPEN, "the swap is " + lifecycle + (lifecycle == SnsApi.Lifecycle.OPEN
          ? " but past its deadline " + init.params().swapDueSeconds() : ""));
    }
    long old = participation(buyer);
    long room = init.params().maxIcpE8s() - totalIcpE8s() + old;
    if (room <= old && balanceE8s > old) {
      throw new SnsException(Code.SWAP_NOT_OPEN, "the swap reached its maximum of " + init.params().maxIcpE8s() + " e8s");
    }
    long accepted = Math.min(balanceE8s, room);
    if (accepted < init.params().minParticipantIcpE8s()) {
      throw new SnsException(Code.PARTICIPATION_TOO_SMALL, "the subaccount holds " + balanceE8s
          + " e8s; the minimum participation is " + init.params().minParticipantIcpE8s());
    }
    if (accepted > old) {
      participants.put(buyer, accepted);
    }
    return Math.max(accepted, old);
  }

  /**
   * Ends the sale: COMMITTED if it raised its minimum, else ABORTED.
   *
   * @throws SnsException {@code SWAP_NOT_FINALIZABLE} before the deadline unless full, or if
   *     already finalized
   */
  public SnsApi.Lifecycle finalizeSwap(long nowSeconds) {
    if (lifecycle != SnsApi.Lifecycle.OPEN) {
      throw new SnsException(Code.SWAP_NOT_FINALIZABLE, "the swap is already " + lifecycle);
    }
    if (nowSeconds < init.params().swapDueSeconds() && totalIcpE8s() < init.params().maxIcpE8s()) {
      throw new SnsException(Code.SWAP_NOT_FINALIZABLE, "the swap is open until " + init.params().swapDueSeconds()
          + " and has " + totalIcpE8s() + " of its maximum " + init.params().maxIcpE8s() + " e8s");
    }
    lifecycle = totalIcpE8s() >= init.params().minIcpE8s() ? SnsApi.Lifecycle.COMMITTED : SnsApi.Lifecycle.ABORTED;
    finalizations++;
    return lifecycle;
  }

  /** The SNS tokens {@code buyer} gets: the sold tokens × its share of the ICP raised (rounded down). */
  public long snsTokensOf(Principal buyer) {
    long total = totalIcpE8s();
    if (total == 0) {
      return 0;
    }
    return BigInteger.valueOf(init.params().snsTokenE8s()).multiply(BigInteger.valueOf(participation(buyer)))
        .divide(BigInteger.valueOf(total)).longValueExact();
  }

  /** The saved state. */
  public SnsApi.SwapState state() {
    return new SnsApi.SwapState(init, lifecycle, participants(), finalizations);
  }

  /** A swap with {@code s}'s state. */
  public static SnsSwap of(SnsApi.SwapState s) {
    SnsSwap w = new SnsSwap(s.init());
    w.load(s);
    return w;
  }

  private void load(SnsApi.SwapState s) {
    lifecycle = s.lifecycle();
    participants.clear();
    s.participants().forEach(p -> participants.put(p.buyer(), p.amountIcpE8s()));
    finalizations = s.finalizations();
  }

  /** Runs {@code body}; if it throws, the state is as before. */
  public <T> T atomic(Supplier<T> body) {
    SnsApi.SwapState before = state();
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      load(before);
      throw e;
    }
  }
}
