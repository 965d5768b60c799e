package org.jicp.nns.sns;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.sns.SnsException.Code;

/**
 * The governance of one service nervous system as a deterministic state machine: neurons staked
 * in the SNS token (stake, dissolve delay, voting power = stake × dissolve-delay bonus), proposals
 * (motion, upgrade of a service canister, treasury transfer, parameter change), voting and the
 * decision rules. The hosted canister ({@link SnsGovernanceCanister}) adds the calls: reading a
 * neuron's stake on the SNS ledger, executing adopted proposals through the SNS root and the
 * ledgers. Every refusal is a typed {@link SnsException} and leaves the state unchanged.
 *
 * <p>Decision: a proposal is adopted as soon as more than half of the total voting power (at
 * its creation) votes yes, rejected as soon as at least half votes no; at its deadline it is
 * adopted if the yes votes exceed the no votes and reach {@link SnsApi.Params#quorumBasisPoints}
 * of the total, else rejected.
 */
public final class SnsGovernance {
  private final SnsApi.Init init;
  private SnsApi.Params params;
  private final Map<Bytes, SnsApi.Neuron> neurons = new LinkedHashMap<>();
  private final TreeMap<Long, SnsApi.ProposalData> proposals = new TreeMap<>();
  private long nextProposalId = 1;

  /** A governance with no neurons. */
  public SnsGovernance(SnsApi.Init init) {
    this.init = Objects.requireNonNull(init, "init");
    this.params = init.params();
  }

  /** The canisters and parameters it started with. */
  public SnsApi.Init init() {
    return init;
  }

  /** The current parameters. */
  public SnsApi.Params params() {
    return params;
  }

  // ------------------------------------------------------------------ neurons

  /**
   * The SNS ledger subaccount of governance that holds the stake of {@code controller}'s neuron
   * with {@code memo}: SHA-256 of {@code 0x0c "neuron-stake"}, the controller's bytes and the memo
   * (8 bytes big-endian), as SNS governance computes it; it is also the neuron's id.
   */
  public static Bytes neuronSubaccount(Principal controller, long memo) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((byte) 0x0c);
      d.update("neuron-stake".getBytes(StandardCharsets.US_ASCII));
      d.update(controller.toByteArray());
      d.update(ByteBuffer.allocate(8).putLong(memo).array());
      return Bytes.of(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Claims (or refreshes) {@code caller}'s neuron with {@code memo}, whose subaccount holds
   * {@code balanceE8s} on the SNS ledger (read by the host).
   *
   * @return the neuron id
   * @throws SnsException {@code INSUFFICIENT_STAKE} below the minimum stake
   */
  public Bytes claimOrRefresh(Principal caller, long memo, long balanceE8s, long nowSeconds) {
    Bytes id = neuronSubaccount(caller, memo);
    if (balanceE8s < params.neuronMinimumStakeE8s()) {
      throw new SnsException(Code.INSUFFICIENT_STAKE, "the neuron's subaccount holds " + balanceE8s
          + " e8s; the minimum stake is " + params.neuronMinimumStakeE8s());
    }
    SnsApi.Neuron old = neurons.get(id);
    neurons.put(id, old == null ? new SnsApi.Neuron(id, caller, balanceE8s, 0, nowSeconds)
        : new SnsApi.Neuron(id, old.controller(), balanceE8s, old.dissolveDelaySeconds(), old.createdSeconds()));
    return id;
  }

  /**
   * Refreshes neuron {@code id}'s stake to {@code balanceE8s}, the balance of its subaccount (read
   * by the host).
   *
   * @throws SnsException {@code NOT_FOUND}, {@code INSUFFICIENT_STAKE} below the minimum stake
   */
  public void refresh(Bytes id, long balanceE8s) {
    SnsApi.Neuron n = neurons.get(id);
    if (n == null) {
      throw new SnsException(Code.NOT_FOUND, "no neuron " + id.toHex());
    }
    if (balanceE8s < params.neuronMinimumStakeE8s()) {
      throw new SnsException(Code.INSUFFICIENT_STAKE, "the neuron's subaccount holds " + balanceE8s
          + " e8s; the minimum stake is " + params.neuronMinimumStakeE8s());
    }
    neurons.put(id, new SnsApi.Neuron(id, n.controller(), balanceE8s, n.dissolveDelaySeconds(), n.createdSeconds()));
  }

  /**
   * The neurons of a successful swap, staked by the swap canister on their subaccounts (the only
   * caller allowed). Each gets {@code dissolveDelaySeconds}.
   *
   * @throws SnsException {@code UNAUTHORIZED} for any other caller
   */
  public List<Bytes> claimSwapNeurons(Principal caller, List<SnsApi.SwapNeuron> swapNeurons, long nowSeconds) {
    if (!caller.equals(init.swap())) {
      throw new SnsException(Code.UNAUTHORIZED, "only the swap canister " + init.swap() + " claims swap neurons, not " + caller);
    }
    List<Bytes> ids = new ArrayList<>();
    for (SnsApi.SwapNeuron n : swapNeurons) {
      Bytes id = neuronSubaccount(n.controller(), n.memo());
      SnsApi.Neuron old = neurons.get(id);
      long stake = n.stakeE8s() + (old == null ? 0 : old.stakeE8s());
      long delay = Math.max(n.dissolveDelaySeconds(), old == null ? 0 : old.dissolveDelaySeconds());
      neurons.put(id, new SnsApi.Neuron(id, n.controller(), stake, Math.min(delay, params.maxDissolveDelaySeconds()),
          old == null ? nowSeconds : old.createdSeconds()));
      ids.add(id);
    }
    return ids;
  }

  /**
   * Increases the dissolve delay of a neuron by {@code additionalSeconds} (capped at the maximum).
   *
   * @throws SnsException {@code NOT_FOUND}, {@code UNAUTHORIZED} (not the controller), {@code
   *     INVALID_ARGUMENT} (not positive)
   */
  public void increaseDissolveDelay(Principal caller, Bytes neuronId, long additionalSeconds) {
    SnsApi.Neuron n = controlled(caller, neuronId);
    if (additionalSeconds <= 0) {
      throw new SnsException(Code.INVALID_ARGUMENT, "the additional dissolve delay must be positive: " + additionalSeconds);
    }
    long d = Math.min(params.maxDissolveDelaySeconds(), n.dissolveDelaySeconds() + Math.min(additionalSeconds,
        params.maxDissolveDelaySeconds()));
    neurons.put(neuronId, new SnsApi.Neuron(n.id(), n.controller(), n.stakeE8s(), d, n.createdSeconds()));
  }

  /** The neuron {@code id}, if any. */
  public Optional<SnsApi.Neuron> neuron(Bytes id) {
    return Optional.ofNullable(neurons.get(id));
  }

  /** All neurons, in creation order. */
  public List<SnsApi.Neuron> neurons() {
    return List.copyOf(neurons.values());
  }

  /**
   * The voting power of {@code n}: zero below the minimum dissolve delay to vote, else the stake ×
   * (1 + bonus × min(delay, max) / max), the bonus being {@link SnsApi.Params#maxDissolveDelayBonusPercent}.
   */
  public long votingPower(SnsApi.Neuron n) {
    if (n.dissolveDelaySeconds() < params.neuronMinimumDissolveDelayToVoteSeconds() || n.stakeE8s() <= 0) {
      return 0;
    }
    long max = params.maxDissolveDelaySeconds();
    BigInteger stake = BigInteger.valueOf(n.stakeE8s());
    BigInteger bonus = stake.multiply(BigInteger.valueOf(params.maxDissolveDelayBonusPercent()))
        .multiply(BigInteger.valueOf(Math.min(n.dissolveDelaySeconds(), max)))
        .divide(BigInteger.valueOf(100).multiply(BigInteger.valueOf(Math.max(1, max))));
    return stake.add(bonus).longValueExact();
  }

  private SnsApi.Neuron controlled(Principal caller, Bytes neuronId) {
    SnsApi.Neuron n = neurons.get(neuronId);
    if (n == null) {
      throw new SnsException(Code.NOT_FOUND, "no neuron " + neuronId.toHex());
    }
    if (!n.controller().equals(caller)) {
      throw new SnsException(Code.UNAUTHORIZED, caller + " does not control neuron " + neuronId.toHex());
    }
    return n;
  }

  // ------------------------------------------------------------------ proposals

  /**
   * A proposal by {@code caller}'s neuron, which votes yes at once (and may so decide it).
   *
   * @return the proposal id
   * @throws SnsException {@code NOT_FOUND}/{@code UNAUTHORIZED} (neuron), {@code
   *     INSUFFICIENT_STAKE} (the neuron has no voting power), {@code INVALID_PROPOSAL}
   */
  public long makeProposal(Principal caller, Bytes neuronId, SnsApi.Proposal proposal, long nowSeconds) {
    SnsApi.Neuron n = controlled(caller, neuronId);
    if (votingPower(n) == 0) {
      throw new SnsException(Code.INSUFFICIENT_STAKE, "neuron " + neuronId.toHex() + " has no voting power (dissolve delay "
          + n.dissolveDelaySeconds() + " s < " + params.neuronMinimumDissolveDelayToVoteSeconds() + " s)");
    }
    validate(proposal);
    List<SnsApi.Ballot> ballots = new ArrayList<>();
    long total = 0;
    for (SnsApi.Neuron x : neurons.values()) {
      long vp = votingPower(x);
      if (vp > 0) {
        boolean own = x.id().equals(neuronId);
        ballots.add(new SnsApi.Ballot(x.id(), vp, own ? SnsApi.Vote.YES : SnsApi.Vote.UNSPECIFIED, own ? nowSeconds : 0));
        total += vp;
      }
    }
    long id = nextProposalId++;
    SnsApi.ProposalData p = new SnsApi.ProposalData(id, neuronId, proposal, nowSeconds,
        nowSeconds + params.initialVotingPeriodSeconds(), total, ballots, SnsApi.ProposalStatus.OPEN, Optional.empty(), 0, 0, 0);
    proposals.put(id, decide(p, nowSeconds));
    return id;
  }

  private void validate(SnsApi.Proposal p) {
    if (p.title().isBlank() || p.title().length() > 256) {
      throw new SnsException(Code.INVALID_PROPOSAL, "a proposal needs a title of 1 to 256 characters");
    }
    SnsApi.Action a = p.action();
    if (a instanceof SnsApi.Action.Motion m) {
      if (m.motionText().isBlank()) {
        throw new SnsException(Code.INVALID_PROPOSAL, "a motion needs a text");
      }
    } else if (a instanceof SnsApi.Action.UpgradeSnsControlledCanister u) {
      if (!init.dappCanisters().contains(u.canisterId())) {
        throw new SnsException(Code.INVALID_PROPOSAL, u.canisterId() + " is not a canister of this SNS (its dapp canisters: "
            + init.dappCanisters() + ")");
      }
      Bytes w = u.newCanisterWasm();
      if (w.length() < 8 || w.get(0) != 0 || w.get(1) != 'a' || w.get(2) != 's' || w.get(3) != 'm') {
        throw new SnsException(Code.INVALID_PROPOSAL, "the new canister wasm is not a wasm module (no \\0asm header)");
      }
    } else if (a instanceof SnsApi.Action.TransferSnsTreasuryFunds t) {
      if (t.amountE8s() <= 0) {
        throw new SnsException(Code.INVALID_PROPOSAL, "a treasury transfer needs a positive amount: " + t.amountE8s());
      }
      if (t.fromTreasury() == null) {
        throw new SnsException(Code.INVALID_PROPOSAL, "a treasury transfer needs a treasury");
      }
    } else if (a instanceof SnsApi.Action.ManageNervousSystemParameters m) {
      m.params().validate();
    }
  }

  /**
   * {@code caller}'s neuron votes on proposal {@code proposalId}.
   *
   * @return the proposal after the vote (it may be decided by it)
   * @throws SnsException {@code NOT_FOUND}, {@code UNAUTHORIZED}, {@code PROPOSAL_CLOSED} (decided,
   *     past its deadline, or the neuron voted or had no ballot)
   */
  public SnsApi.ProposalData registerVote(Principal caller, Bytes neuronId, long proposalId, boolean yes, long nowSeconds) {
    controlled(caller, neuronId);
    SnsApi.ProposalData p = proposal(proposalId);
    if (p.status() != SnsApi.ProposalStatus.OPEN || nowSeconds >= p.deadlineSeconds()) {
      throw new SnsException(Code.PROPOSAL_CLOSED, "proposal " + proposalId + " is " + p.status() + " (deadline "
          + p.deadlineSeconds() + ")");
    }
    List<SnsApi.Ballot> ballots = new ArrayList<>(p.ballots());
    boolean found = false;
    for (int i = 0; i < ballots.size(); i++) {
      SnsApi.Ballot b = ballots.get(i);
      if (b.neuronId().equals(neuronId)) {
        if (b.vote() != SnsApi.Vote.UNSPECIFIED) {
          throw new SnsException(Code.PROPOSAL_CLOSED, "neuron " + neuronId.toHex() + " already voted " + b.vote());
        }
        ballots.set(i, new SnsApi.Ballot(b.neuronId(), b.votingPower(), yes ? SnsApi.Vote.YES : SnsApi.Vote.NO, nowSeconds));
        found = true;
      }
    }
    if (!found) {
      throw new SnsException(Code.PROPOSAL_CLOSED, "neuron " + neuronId.toHex() + " has no ballot on proposal " + proposalId
          + " (it had no voting power when the proposal was made)");
    }
    SnsApi.ProposalData q = decide(p.withBallots(ballots), nowSeconds);
    proposals.put(proposalId, q);
    return q;
  }

  private SnsApi.ProposalData decide(SnsApi.ProposalData p, long nowSeconds) {
    if (p.status() != SnsApi.ProposalStatus.OPEN) {
      return p;
    }
    long yes = p.yesNo()[0];
    long no = p.yesNo()[1];
    BigInteger total = BigInteger.valueOf(p.totalVotingPower());
    if (BigInteger.valueOf(yes).shiftLeft(1).compareTo(total) > 0) {
      return p.withStatus(SnsApi.ProposalStatus.ADOPTED, Optional.empty(), nowSeconds);
    }
    if (BigInteger.valueOf(no).shiftLeft(1).compareTo(total) >= 0) {
      return p.withStatus(SnsApi.ProposalStatus.REJECTED, Optional.empty(), nowSeconds);
    }
    if (nowSeconds >= p.deadlineSeconds()) {
      boolean quorum = BigInteger.valueOf(yes).multiply(BigInteger.valueOf(10_000))
          .compareTo(total.multiply(BigInteger.valueOf(params.quorumBasisPoints()))) >= 0;
      return p.withStatus(yes > no && quorum ? SnsApi.ProposalStatus.ADOPTED : SnsApi.ProposalStatus.REJECTED, Optional.empty(),
          nowSeconds);
    }
    return p;
  }

  /** Decides the open proposals whose deadline passed (the heartbeat); returns the ids now adopted. */
  public List<Long> decideExpired(long nowSeconds) {
    List<Long> adopted = new ArrayList<>();
    for (SnsApi.ProposalData p : List.copyOf(proposals.values())) {
      if (p.status() == SnsApi.ProposalStatus.OPEN && nowSeconds >= p.deadlineSeconds()) {
        SnsApi.ProposalData q = decide(p, nowSeconds);
        proposals.put(p.id(), q);
        if (q.status() == SnsApi.ProposalStatus.ADOPTED) {
          adopted.add(p.id());
        }
      }
    }
    return adopted;
  }

  /**
   * Starts executing adopted proposal {@code id}: parameter changes and motions complete here
   * (EXECUTED, returns empty); upgrades and transfers return the action for the host to carry out
   * and leave the proposal ADOPTED until {@link #executed}.
   */
  public Optional<SnsApi.Action> startExecution(long id, long nowSeconds) {
    SnsApi.ProposalData p = proposal(id);
    if (p.status() != SnsApi.ProposalStatus.ADOPTED) {
      throw new IllegalStateException("proposal " + id + " is " + p.status() + ", not ADOPTED");
    }
    SnsApi.Action a = p.proposal().action();
    if (a instanceof SnsApi.Action.Motion) {
      executed(id, Optional.empty(), nowSeconds);
      return Optional.empty();
    }
    if (a instanceof SnsApi.Action.ManageNervousSystemParameters m) {
      params = m.params();
      executed(id, Optional.empty(), nowSeconds);
      return Optional.empty();
    }
    return Optional.of(a);
  }

  /** Records the end of an execution: EXECUTED, or FAILED with {@code failure}. */
  public void executed(long id, Optional<String> failure, long nowSeconds) {
    SnsApi.ProposalData p = proposal(id);
    proposals.put(id, p.withStatus(failure.isEmpty() ? SnsApi.ProposalStatus.EXECUTED : SnsApi.ProposalStatus.FAILED, failure,
        nowSeconds));
  }

  /** Proposal {@code id}. @throws SnsException {@code NOT_FOUND} */
  public SnsApi.ProposalData proposal(long id) {
    SnsApi.ProposalData p = proposals.get(id);
    if (p == null) {
      throw new SnsException(Code.NOT_FOUND, "no proposal " + id);
    }
    return p;
  }

  /** All proposals by id. */
  public List<SnsApi.ProposalData> proposals() {
    return List.copyOf(proposals.values());
  }

  // ------------------------------------------------------------------ state

  /** The whole state as a Candid-mappable record. */
  public SnsApi.GovernanceState state() {
    return new SnsApi.GovernanceState(init, params, List.copyOf(neurons.values()), List.copyOf(proposals.values()), nextProposalId);
  }

  /** A governance with {@code s}'s state. */
  public static SnsGovernance of(SnsApi.GovernanceState s) {
    SnsGovernance g = new SnsGovernance(s.init());
    g.load(s);
    return g;
  }

  private void load(SnsApi.GovernanceState s) {
    params = s.params();
    neurons.clear();
    s.neurons().forEach(n -> neurons.put(n.id(), n));
    proposals.clear();
    s.proposals().forEach(p -> proposals.put(p.id(), p));
    nextProposalId = s.nextProposalId();
  }

  /** Runs {@code body}; if it throws, the state is as before. */
  public <T> T atomic(Supplier<T> body) {
    SnsApi.GovernanceState before = state();
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      load(before);
      throw e;
    }
  }
}
