package org.jicp.nns.governance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.internal.Journal;
import org.jicp.nns.internal.JournaledMap;
import org.jicp.nns.internal.JournaledValue;
import org.jicp.nns.governance.GovernanceException.ErrorType;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.ledger.Subaccount;

/**
 * NNS governance as a deterministic state machine: neurons (stake, dissolve state, age, maturity,
 * hot keys, following), proposals with ballots, following cascades, the adoption rules with
 * wait-for-quiet, execution of adopted proposals, and daily voting rewards
 * ({@code rs/nns/governance}).
 *
 * <p>Time is a parameter of every method (seconds since the epoch); nothing reads a clock. Every
 * public mutating method is atomic: a {@link GovernanceException} (or any other exception) leaves
 * the state as it was.
 *
 * <p>Work with other canisters is returned, not done: a neuron command that moves ICP returns a
 * {@link NeuronCommand} of {@link LedgerStep}s (the neuron stays locked until the host reports each
 * step with {@link #commandStepSucceeded} or {@link #commandFailed}); adopted proposals that act
 * outside governance are taken with {@link #takePendingExecutions} and reported with {@link
 * #executionSucceeded}/{@link #executionFailed}; claiming needs the ledger balance as an argument;
 * rewards need the total supply.
 */
public final class Governance {
  private static final byte[] NEURON_STAKE_DOMAIN = "neuron-stake".getBytes(StandardCharsets.US_ASCII);

  /** A ballot: the vote (unspecified until cast) and the voting power at proposal time. */
  public record Ballot(Vote vote, long votingPower) {}

  /** A ledger operation of a neuron command, with what it changes once done. */
  public record NeuronCommand(long id, long neuronId, List<LedgerStep> steps, Optional<Long> createdNeuronId) {
    /** Copies the list. */
    public NeuronCommand {
      steps = List.copyOf(steps);
    }
  }

  /**
   * What the step of a neuron command changes once its ledger transfer is made: data (not code),
   * so that a command in progress is saved with governance's state and completes the same way after
   * a restore.
   */
  sealed interface Effect {
    /** Adds the deltas to a neuron's cached stake and fees. */
    record Stake(long neuronId, long stakeDelta, long feesDelta) implements Effect {}

    /** Split: the parent gives {@code amount}; the child gets it less {@code fee}. */
    record SplitChild(long parentId, long childId, Subaccount childSubaccount, long amount, long fee, long now) implements Effect {}

    /** Spawn: the parent gives {@code amount} of maturity; a new dissolving neuron gets it as stake. */
    record SpawnChild(long parentId, long childId, Principal controller, Subaccount subaccount, long amount, long now,
        boolean kycVerified) implements Effect {}

    /** Merge: {@code moving} less {@code fee} and the maturity move from the source to the target. */
    record MergeInto(long targetId, long sourceId, long moving, long fee, long now) implements Effect {}
  }

  /** A neuron command in progress: its steps' effects, how many are done, the neurons it locks. */
  record Pending(NeuronCommand command, List<Effect> effects, int done, long lastBlock, List<Long> locked) {
    /** Copies the lists. */
    Pending {
      effects = List.copyOf(effects);
      locked = List.copyOf(locked);
    }
  }

  private final GovernanceConfig config;
  private final Journal journal = new Journal();
  private final JournaledMap<Long, Neuron> neurons = new JournaledMap<>(journal);
  private final JournaledMap<Bytes, Long> bySubaccount = new JournaledMap<>(journal);
  /**
   * The identity of the current follow relation: a fresh number after every change of anyone's
   * followees; journaled, so a rolled-back change restores the old identity (and the follow graphs
   * derived for it stay valid).
   */
  private final JournaledValue<Long> followState = new JournaledValue<>(journal, 0L);
  private long followStates;
  private final JournaledMap<Long, ProposalData> proposals = new JournaledMap<>(journal);
  private final JournaledMap<Long, Boolean> open = new JournaledMap<>(journal);
  private final JournaledMap<Long, BallotTable> ballotTables = new JournaledMap<>(journal);
  private final JournaledMap<Long, ProposalExecution> toExecute = new JournaledMap<>(journal);
  private final JournaledMap<Long, ProposalExecution> executing = new JournaledMap<>(journal);
  private final JournaledMap<Long, Pending> commands = new JournaledMap<>(journal);
  private final JournaledMap<Long, Long> locks = new JournaledMap<>(journal);
  private final JournaledMap<Principal, GovernanceApi.NodeProvider> nodeProviders = new JournaledMap<>(journal);
  private final JournaledValue<Long> nextNeuronId = new JournaledValue<>(journal, 1L);
  private final JournaledValue<Long> nextProposalId = new JournaledValue<>(journal, 1L);
  private final JournaledValue<Long> nextCommandId = new JournaledValue<>(journal, 1L);
  private final JournaledValue<GovernanceApi.NetworkEconomics> economics;
  private final JournaledValue<GovernanceApi.RewardEvent> latestRewardEvent;
  private final JournaledValue<NodeProviderRewards.ScheduleState> nodeProviderRewards =
      new JournaledValue<>(journal, NodeProviderRewards.ScheduleState.OFF);

  /** An empty governance with {@code config}. */
  public Governance(GovernanceConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.economics = new JournaledValue<>(journal, config.economics());
    this.latestRewardEvent = new JournaledValue<>(journal, new GovernanceApi.RewardEvent(
        Optional.of(0L), 0, config.genesisTimestampSeconds(), 0, Optional.of(0L), 0, List.of()));
  }

  /** The configuration. */
  public GovernanceConfig config() {
    return config;
  }

  /** Runs {@code body} atomically with governance's journal (for hosts and state restoration). */
  public <T> T atomic(java.util.function.Supplier<T> body) {
    return journal.atomic(body);
  }

  // ------------------------------------------------------------------ neurons

  /**
   * The subaccount of a neuron staked by {@code controller} with {@code memo}: {@code
   * SHA-256(0x0c ‖ "neuron-stake" ‖ controller ‖ memo as 8 big-endian bytes)}
   * ({@code compute_neuron_staking_subaccount}).
   */
  public static Subaccount neuronSubaccount(Principal controller, long memo) {
    return new Subaccount(Bytes.of(Hashing.sha256(new byte[] {0x0c}, NEURON_STAKE_DOMAIN,
        controller.toByteArray(), Hashing.u64be(memo))));
  }

  /** The ledger account identifier of a neuron subaccount of governance. */
  public AccountIdentifier neuronAccount(Subaccount s) {
    return AccountIdentifier.of(config.governancePrincipal(), s);
  }

  /**
   * Claims a neuron staked by a transfer to {@code neuronSubaccount(controller, memo)}, or refreshes
   * its stake ({@code claim_or_refresh}), given the subaccount's ledger balance. A new neuron needs
   * at least the minimum stake, starts not dissolving with a 7-day delay and aging now; a larger
   * balance on refresh lowers the age in proportion ({@code update_stake_adjust_age}).
   *
   * @return the neuron id
   */
  public long claimOrRefreshNeuron(Principal controller, long memo, long balanceE8s, long now) {
    Subaccount sub = neuronSubaccount(controller, memo);
    return journal.atomic(() -> {
      Long existing = bySubaccount.get(sub.bytes());
      if (existing != null) {
        refreshStake(existing, balanceE8s, now);
        return existing;
      }
      if (balanceE8s < economics.get().neuronMinimumStakeE8s()) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "account of neuron to claim has " + balanceE8s
            + " e8s; the minimum stake is " + economics.get().neuronMinimumStakeE8s() + " e8s");
      }
      long id = allocateNeuronId();
      insertNeuron(new Neuron(id, controller, List.of(), sub, balanceE8s, 0, now, now,
          new Neuron.DissolveState.NotDissolving(GovernanceConstants.INITIAL_NEURON_DISSOLVE_DELAY), Map.of(), 0, false, false));
      return id;
    });
  }

  /** Refreshes neuron {@code id}'s cached stake from its ledger balance. */
  public void refreshNeuron(long id, long balanceE8s, long now) {
    journal.run(() -> refreshStake(id, balanceE8s, now));
  }

  private void refreshStake(long id, long balance, long now) {
    Neuron n = neuron(id);
    requireUnlocked(id);
    long old = n.cachedNeuronStakeE8s();
    Neuron updated = n.withStake(balance, n.neuronFeesE8s());
    if (balance > old && n.dissolveState() instanceof Neuron.DissolveState.NotDissolving && old > 0) {
      long age = n.ageSeconds(now);
      long newAge = (long) ((double) age * old / balance);
      updated = updated.withAgingSince(now - newAge);
    }
    neurons.put(id, updated);
  }

  /**
   * Adds a neuron directly (genesis neurons, tests): its stake is assumed to be on the ledger
   * already.
   */
  public long addNeuron(Principal controller, long memo, long stakeE8s, long dissolveDelaySeconds, long agingSince, long now) {
    Subaccount sub = neuronSubaccount(controller, memo);
    return journal.atomic(() -> {
      if (bySubaccount.containsKey(sub.bytes())) {
        throw new GovernanceException(ErrorType.PRECONDITION_FAILED, "a neuron with this subaccount exists");
      }
      long id = allocateNeuronId();
      insertNeuron(new Neuron(id, controller, List.of(), sub, stakeE8s, 0, now, agingSince,
          new Neuron.DissolveState.NotDissolving(Math.min(dissolveDelaySeconds, GovernanceConstants.MAX_DISSOLVE_DELAY_SECONDS)),
          Map.of(), 0, false, false));
      return id;
    });
  }

  private long allocateNeuronId() {
    long id = nextNeuronId.get();
    nextNeuronId.set(id + 1);
    return id;
  }

  private void insertNeuron(Neuron n) {
    neurons.put(n.id(), n);
    bySubaccount.put(n.subaccount().bytes(), n.id());
    indexFollowees(n, true);
  }

  private void indexFollowees(Neuron n, boolean add) {
    if (!n.followees().isEmpty()) {
      followState.set(++followStates);
    }
  }

  /** Neuron {@code id}. */
  public Optional<Neuron> findNeuron(long id) {
    return neurons.find(id);
  }

  /** The neuron with governance subaccount {@code s}. */
  public Optional<Neuron> findNeuronBySubaccount(Bytes s) {
    Long id = bySubaccount.get(s);
    return id == null ? Optional.empty() : neurons.find(id);
  }

  /** All neurons, by id. */
  public Collection<Neuron> neurons() {
    return neurons.values();
  }

  /** The ids of the neurons {@code p} controls or is a hot key of. */
  public List<Long> neuronIdsOf(Principal p) {
    List<Long> out = new ArrayList<>();
    for (Neuron n : neurons.values()) {
      if (n.isControllerOrHotKey(p)) {
        out.add(n.id());
      }
    }
    return out;
  }

  private Neuron neuron(long id) {
    Neuron n = neurons.get(id);
    if (n == null) {
      throw new GovernanceException(ErrorType.NOT_FOUND, "neuron " + id + " not found");
    }
    return n;
  }

  private Neuron controlled(Principal caller, long id) {
    Neuron n = neuron(id);
    if (!n.controller().equals(caller)) {
      throw new GovernanceException(ErrorType.NOT_AUTHORIZED, "caller " + caller + " is not the controller of neuron " + id);
    }
    return n;
  }

  private Neuron votable(Principal caller, long id) {
    Neuron n = neuron(id);
    if (!n.isControllerOrHotKey(caller)) {
      throw new GovernanceException(ErrorType.NOT_AUTHORIZED,
          "caller " + caller + " is neither the controller nor a hot key of neuron " + id);
    }
    return n;
  }

  private void requireUnlocked(long id) {
    if (locks.containsKey(id)) {
      throw new GovernanceException(ErrorType.LEDGER_UPDATE_ONGOING, "neuron " + id + " has a ledger operation in progress");
    }
  }

  /**
   * {@code IncreaseDissolveDelay} ({@code Neuron::increase_dissolve_delay}): up to 8 years; a
   * dissolved neuron becomes not dissolving and starts aging now.
   */
  public void increaseDissolveDelay(Principal caller, long id, long additionalSeconds, long now) {
    journal.run(() -> {
      Neuron n = controlled(caller, id);
      requireUnlocked(id);
      if (additionalSeconds <= 0) {
        throw new GovernanceException(ErrorType.INVALID_COMMAND, "the additional dissolve delay must be positive");
      }
      long max = GovernanceConstants.MAX_DISSOLVE_DELAY_SECONDS;
      Neuron updated;
      if (n.dissolveState() instanceof Neuron.DissolveState.NotDissolving nd) {
        long delay = Math.min(Math.addExact(nd.dissolveDelaySeconds(), additionalSeconds), max);
        updated = n.withDissolve(new Neuron.DissolveState.NotDissolving(delay),
            nd.dissolveDelaySeconds() == 0 ? now : n.agingSinceTimestampSeconds());
      } else {
        long when = ((Neuron.DissolveState.Dissolving) n.dissolveState()).whenDissolvedTimestampSeconds();
        if (when > now) {
          long delay = Math.min(Math.addExact(when - now, additionalSeconds), max);
          updated = n.withDissolve(new Neuron.DissolveState.Dissolving(now + delay), Long.MAX_VALUE);
        } else {
          updated = n.withDissolve(new Neuron.DissolveState.NotDissolving(Math.min(additionalSeconds, max)), now);
        }
      }
      neurons.put(id, updated);
    });
  }

  /** {@code SetDissolveTimestamp}: the dissolve delay then ends at {@code timestamp} (never shorter). */
  public void setDissolveTimestamp(Principal caller, long id, long timestamp, long now) {
    Neuron n = neuron(id);
    long target = timestamp - now;
    long current = n.dissolveDelaySeconds(now);
    if (target <= current) {
      throw new GovernanceException(ErrorType.INVALID_COMMAND, "the dissolve timestamp must be after the current one");
    }
    increaseDissolveDelay(caller, id, target - current, now);
  }

  /** {@code StartDissolving}: the neuron must be not dissolving with a positive delay; its age becomes 0. */
  public void startDissolving(Principal caller, long id, long now) {
    journal.run(() -> {
      Neuron n = controlled(caller, id);
      requireUnlocked(id);
      if (n.dissolveState() instanceof Neuron.DissolveState.NotDissolving nd && nd.dissolveDelaySeconds() > 0) {
        neurons.put(id, n.withDissolve(new Neuron.DissolveState.Dissolving(now + nd.dissolveDelaySeconds()), Long.MAX_VALUE));
      } else {
        throw new GovernanceException(ErrorType.REQUIRES_NOT_DISSOLVING, "neuron " + id + " is dissolving or dissolved");
      }
    });
  }

  /** {@code StopDissolving}: the neuron must be dissolving; it keeps the delay left and ages from now. */
  public void stopDissolving(Principal caller, long id, long now) {
    journal.run(() -> {
      Neuron n = controlled(caller, id);
      requireUnlocked(id);
      if (n.dissolveState() instanceof Neuron.DissolveState.Dissolving d && d.whenDissolvedTimestampSeconds() > now) {
        neurons.put(id, n.withDissolve(new Neuron.DissolveState.NotDissolving(d.whenDissolvedTimestampSeconds() - now), now));
      } else {
        throw new GovernanceException(ErrorType.REQUIRES_DISSOLVING, "neuron " + id + " is not dissolving");
      }
    });
  }

  /** {@code AddHotKey}: at most 10, no duplicates. */
  public void addHotKey(Principal caller, long id, Principal key) {
    journal.run(() -> {
      Neuron n = controlled(caller, id);
      if (n.hotKeys().contains(key)) {
        throw new GovernanceException(ErrorType.HOT_KEY, "hot key duplicated");
      }
      if (n.hotKeys().size() >= GovernanceConstants.MAX_NUM_HOT_KEYS_PER_NEURON) {
        throw new GovernanceException(ErrorType.RESOURCE_EXHAUSTED, "reached the maximum number of hot keys ("
            + GovernanceConstants.MAX_NUM_HOT_KEYS_PER_NEURON + ")");
      }
      List<Principal> keys = new ArrayList<>(n.hotKeys());
      keys.add(key);
      neurons.put(id, n.withHotKeys(keys));
    });
  }

  /** {@code RemoveHotKey}. */
  public void removeHotKey(Principal caller, long id, Principal key) {
    journal.run(() -> {
      Neuron n = controlled(caller, id);
      List<Principal> keys = new ArrayList<>(n.hotKeys());
      if (!keys.remove(key)) {
        throw new GovernanceException(ErrorType.NOT_FOUND, "remove failed: hot key not found");
      }
      neurons.put(id, n.withHotKeys(keys));
    });
  }

  /**
   * {@code Follow}: the neuron follows the majority of {@code followees} on {@code topic} (at most
   * 15, each an existing neuron); an empty list removes the following. The controller or a hot key
   * may set it.
   */
  public void follow(Principal caller, long id, Topic topic, List<Long> followees) {
    journal.run(() -> {
      Neuron n = votable(caller, id);
      if (followees.size() > GovernanceConstants.MAX_FOLLOWEES_PER_TOPIC) {
        throw new GovernanceException(ErrorType.INVALID_COMMAND, "too many followees on topic " + topic + ": "
            + followees.size() + ", at most " + GovernanceConstants.MAX_FOLLOWEES_PER_TOPIC + " are allowed");
      }
      for (long f : followees) {
        if (!neurons.containsKey(f)) {
          throw new GovernanceException(ErrorType.NOT_FOUND, "followee " + f + " does not exist");
        }
      }
      indexFollowees(n, false);
      EnumMap<Topic, List<Long>> map = new EnumMap<>(Topic.class);
      map.putAll(n.followees());
      if (followees.isEmpty()) {
        map.remove(topic);
      } else {
        map.put(topic, followees);
      }
      Neuron updated = n.withFollowees(map);
      neurons.put(id, updated);
      indexFollowees(updated, true);
    });
  }

  // ------------------------------------------------------------------ neuron commands (ledger)

  /**
   * {@code Disburse}: a dissolved neuron's stake (or {@code amount}) goes to {@code to}. Returns
   * the ledger steps: burn the neuron's fees, then transfer the amount minus the transaction fee.
   */
  public NeuronCommand disburse(Principal caller, long id, Optional<Long> amount, AccountIdentifier to, long now) {
    return journal.atomic(() -> {
      Neuron n = controlled(caller, id);
      requireUnlocked(id);
      if (n.state(now) != Neuron.State.DISSOLVED) {
        throw new GovernanceException(ErrorType.REQUIRES_DISSOLVED, "neuron " + id + " is not dissolved");
      }
      long fee = economics.get().transactionFeeE8s();
      long fees = Math.min(n.neuronFeesE8s(), n.cachedNeuronStakeE8s());
      long available = n.cachedNeuronStakeE8s() - fees;
      long gross = amount.orElse(available);
      if (gross > available || gross < 0) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "neuron " + id + " has " + available
            + " e8s to disburse, not " + gross);
      }
      if (gross <= fee) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "the amount must exceed the transaction fee");
      }
      List<LedgerStep> steps = new ArrayList<>();
      List<Effect> effects = new ArrayList<>();
      Optional<Bytes> from = Optional.of(n.subaccount().bytes());
      if (fees >= fee) {
        steps.add(new LedgerStep(from, mintingAccount(), fees, 0, 0));
        effects.add(new Effect.Stake(id, -fees, -fees));
      }
      steps.add(new LedgerStep(from, to, gross - fee, fee, now));
      effects.add(new Effect.Stake(id, -gross, 0));
      return startCommand(id, steps, effects, Optional.empty(), List.of());
    });
  }

  /**
   * {@code Split}: a child neuron with {@code amount} minus the fee, the parent's dissolve state,
   * age, followees and hot keys; both must keep at least the minimum stake.
   */
  public NeuronCommand split(Principal caller, long id, long amount, long now) {
    return journal.atomic(() -> {
      Neuron n = controlled(caller, id);
      requireUnlocked(id);
      long min = economics.get().neuronMinimumStakeE8s();
      long fee = economics.get().transactionFeeE8s();
      if (amount < min + fee) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "the amount to split must be at least the minimum stake plus the fee");
      }
      if (n.stakeE8s() - amount < min) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "the parent neuron would keep less than the minimum stake");
      }
      long childId = allocateNeuronId();
      Subaccount childSub = neuronSubaccount(n.controller(), Hashing.u64beToLong(Hashing.sha256(n.account().toByteArray(), Hashing.u64be(childId))));
      List<LedgerStep> steps = List.of(new LedgerStep(Optional.of(n.subaccount().bytes()), neuronAccount(childSub), amount - fee, fee, now));
      return startCommand(id, steps, List.of(new Effect.SplitChild(id, childId, childSub, amount, fee, now)),
          Optional.of(childId), List.of());
    });
  }

  /**
   * {@code Spawn}: a new neuron whose stake is minted from {@code percent} of the parent's maturity
   * (maturity modulation is taken as 0), controlled by {@code newController} (or the parent's),
   * dissolving over {@code neuron_spawn_dissolve_delay_seconds}. jicp mints at once rather than
   * after the 7-day spawning period.
   */
  public NeuronCommand spawn(Principal caller, long id, int percent, Optional<Principal> newController, long nonce, long now) {
    return journal.atomic(() -> {
      Neuron n = controlled(caller, id);
      requireUnlocked(id);
      if (percent < 1 || percent > 100) {
        throw new GovernanceException(ErrorType.INVALID_COMMAND, "the percentage to spawn must be between 1 and 100");
      }
      long amount = n.maturityE8sEquivalent() * percent / 100;
      if (amount < economics.get().neuronMinimumStakeE8s()) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "there isn't enough maturity to spawn a new neuron: "
            + amount + " e8s, the minimum stake is " + economics.get().neuronMinimumStakeE8s());
      }
      Principal controller = newController.orElse(n.controller());
      Subaccount sub = neuronSubaccount(controller, nonce);
      if (bySubaccount.containsKey(sub.bytes())) {
        throw new GovernanceException(ErrorType.PRECONDITION_FAILED, "a neuron with this nonce exists");
      }
      long childId = allocateNeuronId();
      return startCommand(id, List.of(new LedgerStep(Optional.empty(), neuronAccount(sub), amount, 0, now)),
          List.of(new Effect.SpawnChild(id, childId, controller, sub, amount, now, n.kycVerified())), Optional.of(childId),
          List.of());
    });
  }

  /**
   * {@code Merge}: the source neuron's stake (minus fees and the transaction fee) and maturity move
   * to the target; both must have the same controller; the target keeps the larger dissolve delay
   * and an age weighted by stake.
   */
  public NeuronCommand merge(Principal caller, long targetId, long sourceId, long now) {
    return journal.atomic(() -> {
      if (targetId == sourceId) {
        throw new GovernanceException(ErrorType.INVALID_COMMAND, "cannot merge a neuron into itself");
      }
      Neuron target = controlled(caller, targetId);
      Neuron source = controlled(caller, sourceId);
      requireUnlocked(targetId);
      requireUnlocked(sourceId);
      if (target.state(now) == Neuron.State.DISSOLVED || source.state(now) == Neuron.State.DISSOLVED) {
        throw new GovernanceException(ErrorType.REQUIRES_NOT_DISSOLVING, "dissolved neurons cannot be merged");
      }
      long fee = economics.get().transactionFeeE8s();
      long fees = Math.min(source.neuronFeesE8s(), source.cachedNeuronStakeE8s());
      long moving = source.cachedNeuronStakeE8s() - fees;
      if (moving <= fee) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "the source neuron's stake does not cover the fee");
      }
      Optional<Bytes> from = Optional.of(source.subaccount().bytes());
      List<LedgerStep> steps = new ArrayList<>();
      List<Effect> effects = new ArrayList<>();
      if (fees >= fee) {
        steps.add(new LedgerStep(from, mintingAccount(), fees, 0, 0));
        effects.add(new Effect.Stake(sourceId, -fees, -fees));
      }
      steps.add(new LedgerStep(from, neuronAccount(target.subaccount()), moving - fee, fee, now));
      effects.add(new Effect.MergeInto(targetId, sourceId, moving, fee, now));
      return startCommand(targetId, steps, effects, Optional.empty(), List.of(sourceId));
    });
  }

  /** Applies the effect of a command step that was made. */
  private void apply(Effect e) {
    if (e instanceof Effect.Stake st) {
      updateNeuron(st.neuronId(), x -> x.withStake(x.cachedNeuronStakeE8s() + st.stakeDelta(), x.neuronFeesE8s() + st.feesDelta()));
    } else if (e instanceof Effect.SplitChild sc) {
      Neuron parent = neuron(sc.parentId());
      neurons.put(sc.parentId(), parent.withStake(parent.cachedNeuronStakeE8s() - sc.amount(), parent.neuronFeesE8s()));
      insertNeuron(new Neuron(sc.childId(), parent.controller(), parent.hotKeys(), sc.childSubaccount(), sc.amount() - sc.fee(),
          0, sc.now(), parent.agingSinceTimestampSeconds(), parent.dissolveState(), parent.followees(), 0, parent.kycVerified(),
          parent.notForProfit()));
    } else if (e instanceof Effect.SpawnChild sp) {
      updateNeuron(sp.parentId(), x -> x.withMaturity(x.maturityE8sEquivalent() - sp.amount()));
      insertNeuron(new Neuron(sp.childId(), sp.controller(), List.of(), sp.subaccount(), sp.amount(), 0, sp.now(), Long.MAX_VALUE,
          new Neuron.DissolveState.Dissolving(sp.now() + economics.get().neuronSpawnDissolveDelaySeconds()),
          Map.of(), 0, sp.kycVerified(), false));
    } else {
      Effect.MergeInto m = (Effect.MergeInto) e;
      long now = m.now();
      Neuron s = neuron(m.sourceId());
      Neuron t = neuron(m.targetId());
      long added = m.moving() - m.fee();
      long tStake = t.cachedNeuronStakeE8s();
      long ageT = t.ageSeconds(now);
      long ageS = s.ageSeconds(now);
      long newAge = tStake + added == 0 ? 0 : (long) (((double) ageT * tStake + (double) ageS * added) / (tStake + added));
      long delay = Math.max(t.dissolveDelaySeconds(now), s.dissolveDelaySeconds(now));
      Neuron merged = t.withStake(tStake + added, t.neuronFeesE8s()).withMaturity(t.maturityE8sEquivalent() + s.maturityE8sEquivalent());
      if (t.dissolveState() instanceof Neuron.DissolveState.NotDissolving) {
        merged = merged.withDissolve(new Neuron.DissolveState.NotDissolving(delay), now - newAge);
      }
      neurons.put(m.targetId(), merged);
      neurons.put(m.sourceId(), s.withStake(s.cachedNeuronStakeE8s() - m.moving(), s.neuronFeesE8s()).withMaturity(0));
    }
  }

  private AccountIdentifier mintingAccount() {
    return AccountIdentifier.of(config.governancePrincipal());
  }

  private void updateNeuron(long id, java.util.function.UnaryOperator<Neuron> f) {
    neurons.put(id, f.apply(neuron(id)));
  }

  private NeuronCommand startCommand(long neuronId, List<LedgerStep> steps, List<Effect> effects, Optional<Long> created,
      List<Long> alsoLocked) {
    long cid = nextCommandId.get();
    nextCommandId.set(cid + 1);
    NeuronCommand c = new NeuronCommand(cid, neuronId, steps, created);
    List<Long> locked = new ArrayList<>();
    locked.add(neuronId);
    locked.addAll(alsoLocked);
    commands.put(cid, new Pending(c, effects, 0, -1, locked));
    locked.forEach(n -> locks.put(n, cid));
    return c;
  }

  /** The command {@code id} if it is still in progress. */
  public Optional<NeuronCommand> pendingCommand(long id) {
    return commands.find(id).map(Pending::command);
  }

  /**
   * Reports that the next step of command {@code id} was made in ledger block {@code blockIndex}:
   * its effect is applied; after the last step the neurons are unlocked.
   *
   * @return whether the command is now complete
   */
  public boolean commandStepSucceeded(long id, long blockIndex) {
    return journal.atomic(() -> {
      Pending p = commands.get(id);
      if (p == null) {
        throw new IllegalStateException("no command " + id + " in progress");
      }
      apply(p.effects().get(p.done()));
      int done = p.done() + 1;
      if (done == p.command().steps().size()) {
        commands.remove(id);
        unlock(id);
        return true;
      }
      commands.put(id, new Pending(p.command(), p.effects(), done, blockIndex, p.locked()));
      return false;
    });
  }

  /** Reports that the next step of command {@code id} failed: the command ends, the neurons unlock. */
  public void commandFailed(long id) {
    journal.run(() -> {
      commands.remove(id);
      unlock(id);
    });
  }

  private void unlock(long commandId) {
    List<Long> locked = new ArrayList<>();
    locks.entrySet().forEach(e -> {
      if (e.getValue() == commandId) {
        locked.add(e.getKey());
      }
    });
    locked.forEach(locks::remove);
  }

  /** Whether any neuron command is in progress (an upgrade must wait until none is). */
  public boolean hasCommandsInProgress() {
    return !commands.isEmpty() || !executing.isEmpty();
  }

  // ------------------------------------------------------------------ proposals

  /** The topic of a proposal's action. */
  public static Topic topicOf(GovernanceApi.Action action) {
    if (action instanceof GovernanceApi.Action.Motion) {
      return Topic.GOVERNANCE;
    } else if (action instanceof GovernanceApi.Action.ExecuteNnsFunction e) {
      return NnsFunction.of(e.value().nnsFunction()).topic();
    } else if (action instanceof GovernanceApi.Action.ManageNetworkEconomics) {
      return Topic.NETWORK_ECONOMICS;
    } else if (action instanceof GovernanceApi.Action.AddOrRemoveNodeProvider) {
      return Topic.PARTICIPANT_MANAGEMENT;
    } else {
      return Topic.NODE_PROVIDER_REWARDS;
    }
  }

  private void validate(GovernanceApi.Proposal p) {
    String title = p.title().orElseThrow(() -> invalid("a proposal needs a title"));
    int titleBytes = title.getBytes(StandardCharsets.UTF_8).length;
    if (titleBytes < GovernanceConstants.PROPOSAL_TITLE_BYTES_MIN || titleBytes > GovernanceConstants.PROPOSAL_TITLE_BYTES_MAX) {
      throw invalid("the title must have 5 to 256 bytes, not " + titleBytes);
    }
    if (p.summary().getBytes(StandardCharsets.UTF_8).length > GovernanceConstants.PROPOSAL_SUMMARY_BYTES_MAX) {
      throw invalid("the summary is longer than " + GovernanceConstants.PROPOSAL_SUMMARY_BYTES_MAX + " bytes");
    }
    if (p.url().length() > GovernanceConstants.PROPOSAL_URL_CHAR_MAX) {
      throw invalid("the URL is longer than " + GovernanceConstants.PROPOSAL_URL_CHAR_MAX + " characters");
    }
    GovernanceApi.Action a = p.action().orElseThrow(() -> invalid("the proposal has no (supported) action"));
    if (a instanceof GovernanceApi.Action.Motion m
        && m.value().motionText().getBytes(StandardCharsets.UTF_8).length > GovernanceConstants.PROPOSAL_MOTION_TEXT_BYTES_MAX) {
      throw invalid("the motion text is too long");
    }
    if (a instanceof GovernanceApi.Action.RewardNodeProvider r
        && r.value().amountE8s() > economics.get().maximumNodeProviderRewardsE8s()) {
      throw invalid("the reward exceeds maximum_node_provider_rewards_e8s");
    }
    topicOf(a);
  }

  private static GovernanceException invalid(String message) {
    return new GovernanceException(ErrorType.INVALID_PROPOSAL, message);
  }

  /**
   * {@code MakeProposal}: the proposing neuron (controller or hot key) must be eligible to vote and
   * have at least the reject cost, which is charged as a fee and refunded on adoption. Ballots are
   * the voting power at this moment of every neuron with a dissolve delay of 6 months or more; the
   * proposer votes yes (and its followers follow).
   *
   * @return the proposal id
   */
  public long makeProposal(Principal caller, long neuronId, GovernanceApi.Proposal proposal, long now) {
    return journal.atomic(() -> {
      Neuron proposer = votable(caller, neuronId);
      validate(proposal);
      if (!proposer.isEligibleToVote(now)) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "neuron " + neuronId
            + "'s dissolve delay is too short to make a proposal");
      }
      long rejectCost = economics.get().rejectCostE8s();
      if (proposer.stakeE8s() < rejectCost) {
        throw new GovernanceException(ErrorType.INSUFFICIENT_FUNDS, "neuron " + neuronId
            + " does not have enough stake to pay the reject cost of " + rejectCost + " e8s");
      }
      Topic topic = topicOf(proposal.action().orElseThrow());
      long id = nextProposalId.get();
      nextProposalId.set(id + 1);
      long[] ids = new long[neurons.size()];
      long[] powers = new long[neurons.size()];
      int count = 0;
      for (Neuron n : neurons.values()) {
        if (n.createdTimestampSeconds() > now || !n.isEligibleToVote(now)) {
          continue;
        }
        long vp = n.votingPower(now);
        if (vp > 0) {
          ids[count] = n.id();
          powers[count] = vp;
          count++;
        }
      }
      BallotTable table = new BallotTable(java.util.Arrays.copyOf(ids, count), java.util.Arrays.copyOf(powers, count));
      ballotTables.put(id, table);
      long total = table.total();
      // The reject cost is charged after the ballots are taken (it is refunded on adoption).
      Neuron charged = neurons.get(neuronId);
      neurons.put(neuronId, charged.withStake(charged.cachedNeuronStakeE8s(), charged.neuronFeesE8s() + rejectCost));
      long period = topic == Topic.EXCHANGE_RATE || topic == Topic.NEURON_MANAGEMENT
          ? GovernanceConstants.SHORT_VOTING_PERIOD_SECONDS
          : GovernanceConstants.INITIAL_VOTING_PERIOD_SECONDS;
      proposals.put(id, new ProposalData(id, neuronId, proposal, topic, now, rejectCost, period, now + period,
          0, 0, total, now, 0, false, 0, 0, Optional.empty(), 0));
      open.put(id, Boolean.TRUE);
      castAndCascade(id, neuronId, Vote.YES, now);
      processProposal(id, now);
      return id;
    });
  }

  /**
   * {@code RegisterVote}: the controller or a hot key votes with a neuron that has an unused ballot,
   * before the deadline; the neuron's followers follow ({@link #castAndCascade}).
   */
  public void registerVote(Principal caller, long neuronId, long proposalId, Vote vote, long now) {
    journal.run(() -> {
      if (vote == Vote.UNSPECIFIED) {
        throw new GovernanceException(ErrorType.INVALID_COMMAND, "invalid vote specified");
      }
      votable(caller, neuronId);
      ProposalData p = proposal(proposalId);
      if (!p.acceptsVotes(now)) {
        throw new GovernanceException(ErrorType.PRECONDITION_FAILED, "proposal " + proposalId + " is no longer open for voting");
      }
      Vote b = ballotTables.get(proposalId).voteOf(neuronId);
      if (b == null) {
        throw new GovernanceException(ErrorType.NOT_AUTHORIZED, "neuron " + neuronId + " is not eligible to vote on proposal " + proposalId);
      }
      if (b != Vote.UNSPECIFIED) {
        throw new GovernanceException(ErrorType.PRECONDITION_FAILED, "neuron " + neuronId + " already voted on proposal " + proposalId);
      }
      castAndCascade(proposalId, neuronId, vote, now);
      processProposal(proposalId, now);
    });
  }

  /**
   * Casts {@code vote} for {@code neuronId} and, transitively, for its followers
   * ({@code cast_vote_and_cascade_follow}): a follower without a vote yet votes yes once more than
   * half of its followees on the proposal's topic (or on the catch-all topic if it has none for the
   * topic) voted yes, and no once at least half voted no. Every neuron votes at most once, so cycles
   * in the follow graph terminate. Then the tally is updated with wait-for-quiet.
   */
  private void castAndCascade(long proposalId, long neuronId, Vote vote, long now) {
    ProposalData p = proposal(proposalId);
    BallotTable table = ballotTables.get(proposalId);
    Topic topic = p.topic();
    if (!table.graphIsCurrent(followState.get())) {
      // Ballots and neurons are both in id order: one merged walk finds each ballot's neuron.
      Neuron[] byBallot = new Neuron[table.size()];
      int k = 0;
      for (Neuron x : neurons.values()) {
        while (k < byBallot.length && table.neuron(k) < x.id()) {
          k++;
        }
        if (k < byBallot.length && table.neuron(k) == x.id()) {
          byBallot[k++] = x;
        }
      }
      table.buildGraph(i -> byBallot[i] == null ? List.of() : byBallot[i].followeesFor(topic), followState.get());
    }
    long yes = p.yes();
    long no = p.no();
    // The induction: ballot indices with the vote to cast; each neuron is queued at most once.
    int n = table.size();
    int[] queue = new int[n];
    byte[] queuedVote = new byte[n];
    int head = 0;
    int tail = 0;
    int start = table.indexOf(neuronId);
    if (start >= 0 && table.vote(start) == Vote.UNSPECIFIED) {
      queue[tail++] = start;
      queuedVote[start] = (byte) vote.number();
    }
    while (head < tail) {
      int i = queue[head++];
      Vote v = Vote.of(queuedVote[i]);
      table.cast(journal, i, v);
      if (v == Vote.YES) {
        yes += table.power(i);
      } else {
        no += table.power(i);
      }
      for (int e = table.followersFrom(i); e < table.followersTo(i); e++) {
        int f = table.follower(e);
        if (queuedVote[f] != 0 || table.vote(f) != Vote.UNSPECIFIED) {
          continue;
        }
        Vote fv = table.wouldFollow(f);
        if (fv != Vote.UNSPECIFIED) {
          queuedVote[f] = (byte) fv.number();
          queue[tail++] = f;
        }
      }
    }
    updateTally(p, yes, no, now);
  }

  /**
   * The new tally and, if the result turned, the wait-for-quiet deadline ({@code
   * evaluate_wait_for_quiet}): while no absolute majority is reached and the deadline has not
   * passed, a flip between "yes ahead" and "no ahead" moves the deadline to {@code now + W +
   * (initial period − elapsed)/2} if later, W = 1 day, so the deadline is at most initial period +
   * 2 W after submission.
   */
  private void updateTally(ProposalData p, long yes, long no, long now) {
    long deadline = p.deadlineTimestampSeconds();
    long total = p.total();
    boolean decisive = yes >= total / 2 + 1 || no >= (total + 1) / 2 || now > deadline;
    boolean turned = (p.yes() > p.no() && yes <= no) || (p.yes() <= p.no() && yes > no);
    if (!decisive && turned) {
      long elapsed = Math.max(0, now - p.proposalTimestampSeconds());
      long margin = Math.max(0, GovernanceConstants.WAIT_FOR_QUIET_DEADLINE_INCREASE_SECONDS
          + p.initialVotingPeriodSeconds() / 2 - elapsed / 2);
      deadline = Math.max(deadline, now + margin);
    }
    proposals.put(p.id(), p.withTally(yes, no, now, deadline));
  }

  /** The proposal {@code id}. */
  public ProposalData proposal(long id) {
    ProposalData p = proposals.get(id);
    if (p == null) {
      throw new GovernanceException(ErrorType.NOT_FOUND, "proposal " + id + " not found");
    }
    return p;
  }

  /** The proposal {@code id}, if it exists. */
  public Optional<ProposalData> findProposal(long id) {
    return proposals.find(id);
  }

  /** All proposals, by id. */
  public Collection<ProposalData> proposals() {
    return proposals.values();
  }

  /** The ballot of neuron {@code neuronId} on proposal {@code proposalId}, if it has one. */
  public Optional<Ballot> ballot(long proposalId, long neuronId) {
    BallotTable t = ballotTables.get(proposalId);
    int i = t == null ? -1 : t.indexOf(neuronId);
    return i < 0 ? Optional.empty() : Optional.of(new Ballot(t.vote(i), t.power(i)));
  }

  /** The ballots of a proposal, by neuron id. */
  public Map<Long, Ballot> ballots(long proposalId) {
    Map<Long, Ballot> out = new TreeMap<>();
    BallotTable t = ballotTables.get(proposalId);
    if (t != null) {
      for (int i = 0; i < t.size(); i++) {
        out.put(t.neuron(i), new Ballot(t.vote(i), t.power(i)));
      }
    }
    return out;
  }

  /**
   * Decides every open proposal that can be decided at {@code now} (absolute majority, or the
   * deadline passed) and executes the local ones; the others wait in {@link
   * #takePendingExecutions}.
   */
  public void processProposals(long now) {
    journal.run(() -> {
      for (long id : new ArrayList<>(open.keySet())) {
        processProposal(id, now);
      }
    });
  }

  private void processProposal(long id, long now) {
    ProposalData p = proposal(id);
    if (p.decidedTimestampSeconds() != 0 || !p.canMakeDecision(now)) {
      return;
    }
    boolean adopted = p.isAccepted();
    ProposalData decided = p.decided(adopted, now);
    proposals.put(id, decided);
    open.remove(id);
    if (!adopted) {
      return;
    }
    neurons.find(p.proposer()).ifPresent(n ->
        neurons.put(n.id(), n.withStake(n.cachedNeuronStakeE8s(), Math.max(0, n.neuronFeesE8s() - p.rejectCostE8s()))));
    execute(decided, now);
  }

  private void execute(ProposalData p, long now) {
    GovernanceApi.Action a = p.proposal().action().orElseThrow();
    if (a instanceof GovernanceApi.Action.Motion) {
      proposals.put(p.id(), p.executed(now, Optional.empty()));
    } else if (a instanceof GovernanceApi.Action.ManageNetworkEconomics m) {
      economics.set(merge(economics.get(), m.value()));
      proposals.put(p.id(), p.executed(now, Optional.empty()));
    } else if (a instanceof GovernanceApi.Action.AddOrRemoveNodeProvider c) {
      Optional<GovernanceApi.GovernanceError> failure = Optional.empty();
      if (c.value().change().isEmpty()) {
        failure = Optional.of(new GovernanceApi.GovernanceError("no change", ErrorType.INVALID_PROPOSAL.number()));
      } else if (c.value().change().get() instanceof GovernanceApi.Change.ToAdd add && add.value().id().isPresent()) {
        nodeProviders.put(add.value().id().get(), add.value());
      } else if (c.value().change().get() instanceof GovernanceApi.Change.ToRemove rm && rm.value().id().isPresent()) {
        nodeProviders.remove(rm.value().id().get());
      } else {
        failure = Optional.of(new GovernanceApi.GovernanceError("the node provider has no id", ErrorType.INVALID_PROPOSAL.number()));
      }
      proposals.put(p.id(), p.executed(now, failure));
    } else if (a instanceof GovernanceApi.Action.ExecuteNnsFunction e) {
      NnsFunction f = NnsFunction.of(e.value().nnsFunction());
      toExecute.put(p.id(), new ProposalExecution.CallCanister(p.id(), f.target(), f.method(), e.value().payload()));
    } else if (a instanceof GovernanceApi.Action.RewardNodeProvider r) {
      try {
        toExecute.put(p.id(), new ProposalExecution.Transfers(p.id(), List.of(rewardTransfer(r.value()))));
      } catch (GovernanceException ex) {
        proposals.put(p.id(), p.executed(now, Optional.of(ex.toCandid())));
      }
    } else if (a instanceof GovernanceApi.Action.RewardNodeProviders rs) {
      if (rs.value().useRegistryDerivedRewards().orElse(false)) {
        toExecute.put(p.id(), new ProposalExecution.RegistryDerivedNodeProviderRewards(p.id()));
      } else {
        try {
          List<LedgerStep> steps = new ArrayList<>();
          for (GovernanceApi.RewardNodeProvider r : rs.value().rewards()) {
            steps.add(rewardTransfer(r));
          }
          toExecute.put(p.id(), new ProposalExecution.Transfers(p.id(), steps));
        } catch (GovernanceException ex) {
          proposals.put(p.id(), p.executed(now, Optional.of(ex.toCandid())));
        }
      }
    }
  }

  private LedgerStep rewardTransfer(GovernanceApi.RewardNodeProvider r) {
    GovernanceApi.NodeProvider np = r.nodeProvider().orElseThrow(() -> invalid("a reward needs a node provider"));
    Principal id = np.id().orElseThrow(() -> invalid("a node provider needs an id"));
    if (!nodeProviders.containsKey(id)) {
      throw invalid("node provider " + id + " is not registered");
    }
    AccountIdentifier to = rewardAccount(id);
    if (r.rewardMode().isPresent()) {
      if (r.rewardMode().get() instanceof GovernanceApi.RewardMode.RewardToAccount acc && acc.value().toAccount().isPresent()) {
        to = new AccountIdentifier(acc.value().toAccount().get().hash());
      } else if (r.rewardMode().get() instanceof GovernanceApi.RewardMode.RewardToNeuron) {
        throw invalid("rewarding node providers with neurons is not supported by jicp");
      }
    }
    return new LedgerStep(Optional.empty(), to, r.amountE8s(), 0, 0);
  }

  private AccountIdentifier rewardAccount(Principal provider) {
    GovernanceApi.NodeProvider np = nodeProviders.get(provider);
    if (np != null && np.rewardAccount().isPresent()) {
      return new AccountIdentifier(np.rewardAccount().get().hash());
    }
    return AccountIdentifier.of(provider);
  }

  /**
   * The mints rewarding registered node providers for a month: each provider's XDR permyriad
   * ({@code get_node_providers_monthly_xdr_rewards}) converted at {@code xdrPermyriadPerIcp} (at
   * least {@code minimum_icp_xdr_rate}), each capped at {@code maximum_node_provider_rewards_e8s}.
   */
  public List<LedgerStep> nodeProviderRewardTransfers(Map<String, Long> xdrPermyriadByProvider, long xdrPermyriadPerIcp) {
    long rate = Math.max(xdrPermyriadPerIcp, economics.get().minimumIcpXdrRate() * 100);
    List<LedgerStep> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : new TreeMap<>(xdrPermyriadByProvider).entrySet()) {
      Principal p = Principal.fromText(e.getKey());
      if (!nodeProviders.containsKey(p)) {
        continue;
      }
      long e8s = java.math.BigInteger.valueOf(e.getValue()).multiply(java.math.BigInteger.valueOf(100_000_000L))
          .divide(java.math.BigInteger.valueOf(rate)).min(java.math.BigInteger.valueOf(economics.get().maximumNodeProviderRewardsE8s()))
          .longValue();
      if (e8s > 0) {
        out.add(new LedgerStep(Optional.empty(), rewardAccount(p), e8s, 0, 0));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ monthly node-provider rewards

  /**
   * Starts the monthly node-provider rewards at {@code now}: the first month is rewarded {@link
   * NodeProviderRewards#NODE_PROVIDER_REWARD_PERIOD_SECONDS} later (the IC's governance rewards from
   * its last monthly rewards; a jicp governance starts without any, so the start is explicit).
   */
  public void startNodeProviderRewardsAt(long now) {
    journal.atomic(() -> {
      NodeProviderRewards.ScheduleState s = nodeProviderRewards.get();
      if (s.startedAt().isEmpty()) {
        nodeProviderRewards.set(new NodeProviderRewards.ScheduleState(Optional.of(now), s.inProgressSince(), s.retryAfter(),
            s.mostRecent(), s.baselines(), s.lastFailure()));
      }
      return null;
    });
  }

  /** The schedule of the monthly node-provider rewards (saved with the state). */
  public NodeProviderRewards.ScheduleState nodeProviderRewardsSchedule() {
    return nodeProviderRewards.get();
  }

  /** {@code get_most_recent_monthly_node_provider_rewards}. */
  public Optional<NodeProviderRewards.MonthlyNodeProviderRewards> mostRecentMonthlyNodeProviderRewards() {
    return nodeProviderRewards.get().mostRecent();
  }

  /**
   * Whether a month's node-provider rewards are due at {@code now}: the schedule started, no
   * rewarding in flight, a period passed since the last rewards (or the start), no retry pending.
   */
  public boolean nodeProviderRewardsDue(long now) {
    NodeProviderRewards.ScheduleState s = nodeProviderRewards.get();
    if (s.startedAt().isEmpty() || s.inProgressSince().isPresent() || now < s.retryAfter()) {
      return false;
    }
    long last = s.mostRecent().map(NodeProviderRewards.MonthlyNodeProviderRewards::timestamp).orElse(s.startedAt().get());
    return now - last >= NodeProviderRewards.NODE_PROVIDER_REWARD_PERIOD_SECONDS;
  }

  /** Marks the month of {@code now} as being rewarded (its calls are in flight). */
  public void beginNodeProviderRewards(long now) {
    if (!nodeProviderRewardsDue(now)) {
      throw new IllegalStateException("node-provider rewards are not due at " + now);
    }
    NodeProviderRewards.ScheduleState s = nodeProviderRewards.get();
    journal.run(() -> nodeProviderRewards.set(new NodeProviderRewards.ScheduleState(s.startedAt(), Optional.of(now), s.retryAfter(),
        s.mostRecent(), s.baselines(), s.lastFailure())));
  }

  /**
   * The month's rewards before minting ({@link NodeProviderRewards}): the registry's XDR per
   * provider, times the mean performance multiplier of the provider's nodes, converted at {@code
   * xdrPermyriadPerIcp} (at least {@code minimum_icp_xdr_rate}); only providers registered with
   * governance ({@code AddOrRemoveNodeProvider}) are rewarded.
   *
   * @param xdrPermyriadByProvider {@code get_node_providers_monthly_xdr_rewards}
   * @param nodes the registry's nodes with their providers and subnets
   * @param history {@code node_metrics_history} of each subnet since the last rewards
   * @param xdrPermyriadPerIcp the average ICP/XDR rate of the cycles minting canister
   */
  public NodeProviderRewards.Plan planNodeProviderRewards(Map<String, Long> xdrPermyriadByProvider,
      List<org.jicp.nns.registry.RegistryPayloads.NodeWithProvider> nodes,
      Map<Principal, List<org.jicp.nns.host.ManagementCalls.NodeMetricsHistoryRecord>> history, long xdrPermyriadPerIcp) {
    NodeProviderRewards.ScheduleState s = nodeProviderRewards.get();
    long timestamp = s.inProgressSince().orElseThrow(() -> new IllegalStateException("no node-provider rewards in progress"));
    var blocks = NodeProviderRewards.periodBlocks(nodes, history, s.baselines());
    List<NodePerformance.Assessment> performance = NodePerformance.assess(blocks.getKey());
    Map<Principal, Long> multipliers = NodeProviderRewards.providerMultipliers(nodes, performance);
    long rate = Math.max(xdrPermyriadPerIcp, economics.get().minimumIcpXdrRate() * 100);
    List<LedgerStep> mints = new ArrayList<>();
    List<NodeProviderRewards.ProviderReward> providers = new ArrayList<>();
    for (Map.Entry<String, Long> e : new TreeMap<>(xdrPermyriadByProvider).entrySet()) {
      Principal p = Principal.fromText(e.getKey());
      if (!nodeProviders.containsKey(p)) {
        continue;
      }
      long multiplier = multipliers.getOrDefault(p, NodePerformance.PPM);
      long xdr = NodeProviderRewards.adjustedXdr(e.getValue(), multiplier);
      long e8s = NodeProviderRewards.e8s(xdr, rate, economics.get().maximumNodeProviderRewardsE8s());
      providers.add(new NodeProviderRewards.ProviderReward(p, e.getValue(), multiplier, xdr, e8s, false));
      mints.add(new LedgerStep(Optional.empty(), rewardAccount(p), e8s, 0, 0));
    }
    return new NodeProviderRewards.Plan(timestamp, mints, providers, rate, performance, blocks.getValue());
  }

  /**
   * Records the month's rewards ({@code plan}, its providers' {@code minted} set by the host): the
   * most recent monthly rewards, the nodes' counters as the next baselines; the schedule moves on.
   */
  public void completeNodeProviderRewards(NodeProviderRewards.Plan plan) {
    journal.atomic(() -> {
      NodeProviderRewards.ScheduleState s = nodeProviderRewards.get();
      List<GovernanceApi.RewardNodeProvider> rewards = new ArrayList<>();
      for (int i = 0; i < plan.providers().size(); i++) {
        NodeProviderRewards.ProviderReward r = plan.providers().get(i);
        if (r.minted()) {
          GovernanceApi.NodeProvider np = nodeProviders.get(r.provider());
          rewards.add(new GovernanceApi.RewardNodeProvider(Optional.ofNullable(np), Optional.of(new GovernanceApi.RewardMode.RewardToAccount(
              new GovernanceApi.RewardToAccount(Optional.of(new GovernanceApi.AccountIdentifier(plan.mints().get(i).to().bytes()))))),
              r.amountE8s()));
        }
      }
      nodeProviderRewards.set(new NodeProviderRewards.ScheduleState(s.startedAt(), Optional.empty(), s.retryAfter(),
          Optional.of(new NodeProviderRewards.MonthlyNodeProviderRewards(plan.timestamp(), rewards, plan.xdrPermyriadPerIcp(),
              plan.providers(), plan.performance())), plan.totals(), Optional.empty()));
      return null;
    });
  }

  /** Ends a month's attempt that could not complete; the next is made {@link NodeProviderRewards#RETRY_SECONDS} later. */
  public void failNodeProviderRewards(long now, String reason) {
    NodeProviderRewards.ScheduleState s = nodeProviderRewards.get();
    journal.run(() -> nodeProviderRewards.set(new NodeProviderRewards.ScheduleState(s.startedAt(), Optional.empty(),
        now + NodeProviderRewards.RETRY_SECONDS, s.mostRecent(), s.baselines(), Optional.of(reason))));
  }

  void restoreNodeProviderRewards(NodeProviderRewards.ScheduleState s) {
    nodeProviderRewards.set(s);
  }

  private static GovernanceApi.NetworkEconomics merge(GovernanceApi.NetworkEconomics old, GovernanceApi.NetworkEconomics c) {
    return new GovernanceApi.NetworkEconomics(
        c.neuronMinimumStakeE8s() != 0 ? c.neuronMinimumStakeE8s() : old.neuronMinimumStakeE8s(),
        c.maxProposalsToKeepPerTopic() != 0 ? c.maxProposalsToKeepPerTopic() : old.maxProposalsToKeepPerTopic(),
        c.neuronManagementFeePerProposalE8s() != 0 ? c.neuronManagementFeePerProposalE8s() : old.neuronManagementFeePerProposalE8s(),
        c.rejectCostE8s() != 0 ? c.rejectCostE8s() : old.rejectCostE8s(),
        c.transactionFeeE8s() != 0 ? c.transactionFeeE8s() : old.transactionFeeE8s(),
        c.neuronSpawnDissolveDelaySeconds() != 0 ? c.neuronSpawnDissolveDelaySeconds() : old.neuronSpawnDissolveDelaySeconds(),
        c.minimumIcpXdrRate() != 0 ? c.minimumIcpXdrRate() : old.minimumIcpXdrRate(),
        c.maximumNodeProviderRewardsE8s() != 0 ? c.maximumNodeProviderRewardsE8s() : old.maximumNodeProviderRewardsE8s());
  }

  /** Takes the adopted proposals that need other canisters, in proposal order (each once). */
  public List<ProposalExecution> takePendingExecutions() {
    return journal.atomic(() -> {
      List<ProposalExecution> out = new ArrayList<>(toExecute.values());
      for (ProposalExecution e : out) {
        toExecute.remove(e.proposalId());
        executing.put(e.proposalId(), e);
      }
      return out;
    });
  }

  /** Reports that proposal {@code id}'s execution succeeded. */
  public void executionSucceeded(long id, long now) {
    journal.run(() -> {
      executing.remove(id);
      proposals.put(id, proposal(id).executed(now, Optional.empty()));
    });
  }

  /** Reports that proposal {@code id}'s execution failed, with the reason. */
  public void executionFailed(long id, String reason, long now) {
    journal.run(() -> {
      executing.remove(id);
      proposals.put(id, proposal(id).executed(now,
          Optional.of(new GovernanceApi.GovernanceError(reason, ErrorType.EXTERNAL.number()))));
    });
  }

  // ------------------------------------------------------------------ rewards

  /**
   * {@code rewards_pool_to_distribute_in_supply_fraction_for_one_day}: the fraction of the supply
   * distributed on day {@code day} after genesis, {@code rate(day)/365.25} with {@code rate}
   * falling quadratically from 10 % at genesis to 5 % at 8 years and flat after.
   */
  public static double rewardPoolFractionForDay(long day) {
    double t = day;
    double rate = GovernanceConstants.FINAL_VOTING_REWARD_RELATIVE_RATE;
    if (t <= GovernanceConstants.REWARD_FLATTENING_DAYS) {
      double closeness = (GovernanceConstants.REWARD_FLATTENING_DAYS - t) / GovernanceConstants.REWARD_FLATTENING_DAYS;
      rate += closeness * closeness
          * (GovernanceConstants.INITIAL_VOTING_REWARD_RELATIVE_RATE - GovernanceConstants.FINAL_VOTING_REWARD_RELATIVE_RATE);
    }
    return rate / GovernanceConstants.AVERAGE_DAYS_PER_YEAR;
  }

  /**
   * Starts the reward schedule at {@code now} (for a governance launched after the IC's genesis): the
   * first reward event will cover the days after this one, not every day since genesis.
   */
  public void startRewardsAt(long now) {
    journal.run(() -> {
      if (!proposals.isEmpty() || latestRewardEvent.get().dayAfterGenesis() != 0) {
        throw new IllegalStateException("rewards have already started");
      }
      latestRewardEvent.set(new GovernanceApi.RewardEvent(Optional.of(0L), dayAfterGenesis(now), now, 0,
          Optional.of(0L), 0, List.of()));
    });
  }

  /** Whether a reward event is due at {@code now} (a day has passed since the last). */
  public boolean rewardsDue(long now) {
    return dayAfterGenesis(now) > latestRewardEvent.get().dayAfterGenesis();
  }

  private long dayAfterGenesis(long now) {
    return Math.max(0, now - config.genesisTimestampSeconds()) / GovernanceConstants.REWARD_DISTRIBUTION_PERIOD_SECONDS;
  }

  /**
   * Distributes voting rewards if a day has passed ({@code distribute_rewards}): the pool of the
   * days since the last event ({@code supply · rate(day)/365.25} per day, plus the previous pool if
   * it settled no proposal) is split over the neurons in proportion to the voting power they used on
   * the proposals settled now, weighted by topic, relative to the voting power of all their ballots;
   * each neuron's share becomes maturity.
   *
   * @return the new reward event, if one was made
   */
  public Optional<GovernanceApi.RewardEvent> distributeRewards(long now, long totalSupplyE8s) {
    return journal.atomic(() -> {
      GovernanceApi.RewardEvent last = latestRewardEvent.get();
      long day = dayAfterGenesis(now);
      if (day <= last.dayAfterGenesis()) {
        return Optional.<GovernanceApi.RewardEvent>empty();
      }
      double pool = 0;
      for (long d = last.dayAfterGenesis() + 1; d <= day; d++) {
        pool += totalSupplyE8s * rewardPoolFractionForDay(d);
      }
      long rolledOver = last.settledProposals().isEmpty() ? last.totalAvailableE8sEquivalent() : 0;
      long available = (long) pool + rolledOver;
      List<ProposalData> settle = new ArrayList<>();
      for (ProposalData p : proposals.values()) {
        if (p.rewardStatus(now) == RewardStatus.READY_TO_SETTLE) {
          settle.add(p);
        }
      }
      Map<Long, Double> shares = new HashMap<>();
      double totalRights = 0;
      for (ProposalData p : settle) {
        double w = p.topic().rewardWeight();
        BallotTable t = ballotTables.get(p.id());
        for (int i = 0; t != null && i < t.size(); i++) {
          double rights = t.power(i) * w;
          totalRights += rights;
          if (t.vote(i) != Vote.UNSPECIFIED) {
            shares.merge(t.neuron(i), rights, Double::sum);
          }
        }
      }
      long distributed = 0;
      if (totalRights > 0) {
        for (Map.Entry<Long, Double> e : new TreeMap<>(shares).entrySet()) {
          Neuron n = neurons.get(e.getKey());
          if (n == null) {
            continue;
          }
          long reward = (long) (available * (e.getValue() / totalRights));
          neurons.put(n.id(), n.withMaturity(Math.addExact(n.maturityE8sEquivalent(), reward)));
          distributed += reward;
        }
      }
      List<GovernanceApi.NeuronId> settled = new ArrayList<>();
      for (ProposalData p : settle) {
        proposals.put(p.id(), p.settled(day));
        settled.add(new GovernanceApi.NeuronId(p.id()));
      }
      GovernanceApi.RewardEvent event = new GovernanceApi.RewardEvent(Optional.of(day - last.dayAfterGenesis()), day, now,
          available, Optional.of((long) pool), distributed, settled);
      latestRewardEvent.set(event);
      return Optional.of(event);
    });
  }

  /** {@code get_latest_reward_event}. */
  public GovernanceApi.RewardEvent latestRewardEvent() {
    return latestRewardEvent.get();
  }

  /** {@code get_network_economics_parameters}. */
  public GovernanceApi.NetworkEconomics economics() {
    return economics.get();
  }

  /** {@code list_node_providers}. */
  public List<GovernanceApi.NodeProvider> nodeProviders() {
    return new ArrayList<>(nodeProviders.values());
  }

  // ------------------------------------------------------------------ state restoration

  /** Restores a neuron (used when loading a snapshot). */
  void restoreNeuron(Neuron n) {
    insertNeuron(n);
    if (n.id() >= nextNeuronId.get()) {
      nextNeuronId.set(n.id() + 1);
    }
  }

  void restoreProposal(ProposalData p, Map<Long, Ballot> pBallots) {
    proposals.put(p.id(), p);
    long[] ids = new long[pBallots.size()];
    long[] powers = new long[pBallots.size()];
    int i = 0;
    for (Map.Entry<Long, Ballot> e : new TreeMap<>(pBallots).entrySet()) {
      ids[i] = e.getKey();
      powers[i] = e.getValue().votingPower();
      i++;
    }
    BallotTable table = new BallotTable(ids, powers);
    for (int k = 0; k < ids.length; k++) {
      Vote v = pBallots.get(ids[k]).vote();
      if (v != Vote.UNSPECIFIED) {
        table.restore(journal, k, v);
      }
    }
    ballotTables.put(p.id(), table);
    if (p.decidedTimestampSeconds() == 0) {
      open.put(p.id(), Boolean.TRUE);
    }
    // Adopted proposals whose execution had not started, or is in flight, are restored from the
    // saved lists (restorePendingExecution, restoreExecuting).
    if (p.id() >= nextProposalId.get()) {
      nextProposalId.set(p.id() + 1);
    }
  }

  void restoreMisc(GovernanceApi.NetworkEconomics e, GovernanceApi.RewardEvent event, List<GovernanceApi.NodeProvider> providers,
      long nextNeuron, long nextProposal) {
    economics.set(e);
    latestRewardEvent.set(event);
    for (GovernanceApi.NodeProvider p : providers) {
      p.id().ifPresent(id -> nodeProviders.put(id, p));
    }
    nextNeuronId.set(Math.max(nextNeuronId.get(), nextNeuron));
    nextProposalId.set(Math.max(nextProposalId.get(), nextProposal));
  }

  /** Adopted proposals whose execution has not started, in id order (saved with the state). */
  List<Long> pendingExecutionIds() {
    return new ArrayList<>(new java.util.TreeSet<>(toExecute.keySet()));
  }

  /** Puts adopted proposal {@code id} back among those to execute (restore). */
  void restorePendingExecution(long id) {
    ProposalData p = proposals.get(id);
    if (p == null) {
      throw new IllegalStateException("no proposal " + id + " to execute");
    }
    execute(p, p.decidedTimestampSeconds());
  }

  /** Adopted proposals whose execution is in flight, in id order (saved with the state). */
  List<Long> executingIds() {
    return new ArrayList<>(new java.util.TreeSet<>(executing.keySet()));
  }

  /** Puts adopted proposal {@code id} back among those being executed (restore). */
  void restoreExecuting(long id) {
    restorePendingExecution(id);
    ProposalExecution e = toExecute.get(id);
    if (e == null) {
      throw new IllegalStateException("proposal " + id + " has nothing to execute");
    }
    toExecute.remove(id);
    executing.put(id, e);
  }

  /** The neuron commands in progress, in id order (saved with the state). */
  List<Pending> commandsInProgress() {
    return new ArrayList<>(commands.view().values());
  }

  /** Puts a command in progress back, with its locks (restore). */
  void restoreCommand(Pending p) {
    long cid = p.command().id();
    commands.put(cid, p);
    p.locked().forEach(n -> locks.put(n, cid));
  }

  long nextCommandId() {
    return nextCommandId.get();
  }

  void restoreNextCommandId(long next) {
    nextCommandId.set(Math.max(nextCommandId.get(), next));
  }

  long nextNeuronId() {
    return nextNeuronId.get();
  }

  long nextProposalId() {
    return nextProposalId.get();
  }
}
