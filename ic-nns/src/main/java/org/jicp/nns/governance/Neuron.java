package org.jicp.nns.governance;

import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.ledger.Subaccount;

/**
 * A neuron at rest ({@code Neuron} of {@code governance.proto}): stake locked on the ledger in a
 * governance subaccount, a dissolve state, age, maturity, hot keys and followees per topic.
 *
 * @param id the neuron id
 * @param controller the principal that controls the neuron
 * @param hotKeys principals that may vote and follow for it (at most 10)
 * @param subaccount the governance subaccount holding the stake
 * @param cachedNeuronStakeE8s the stake as last read from the ledger
 * @param neuronFeesE8s fees owed (rejected proposals), burned at disbursement
 * @param createdTimestampSeconds creation time
 * @param agingSinceTimestampSeconds when the neuron started aging ({@code Long.MAX_VALUE} while
 *     dissolving)
 * @param dissolveState not dissolving with a delay, or dissolving until a time
 * @param followees the followees per topic ({@link Topic#UNSPECIFIED} is the catch-all)
 * @param maturityE8sEquivalent the maturity from voting rewards
 * @param kycVerified whether the controller passed KYC
 * @param notForProfit whether the neuron is not for profit
 */
public record Neuron(
    long id,
    Principal controller,
    List<Principal> hotKeys,
    Subaccount subaccount,
    long cachedNeuronStakeE8s,
    long neuronFeesE8s,
    long createdTimestampSeconds,
    long agingSinceTimestampSeconds,
    DissolveState dissolveState,
    Map<Topic, List<Long>> followees,
    long maturityE8sEquivalent,
    boolean kycVerified,
    boolean notForProfit) {

  /** The dissolve state of a neuron. */
  public sealed interface DissolveState {
    /** Not dissolving (aging); a delay of 0 means dissolved. */
    record NotDissolving(long dissolveDelaySeconds) implements DissolveState {}

    /** Dissolving until the given time (dissolved from then on). */
    record Dissolving(long whenDissolvedTimestampSeconds) implements DissolveState {}
  }

  /** {@code NeuronState} of {@code governance.proto}. */
  public enum State {
    /** Not used. */
    UNSPECIFIED(0),
    /** Aging, with a dissolve delay. */
    NOT_DISSOLVING(1),
    /** Counting down. */
    DISSOLVING(2),
    /** Its stake may be disbursed. */
    DISSOLVED(3);

    private final int number;

    State(int number) {
      this.number = number;
    }

    /** The proto number. */
    public int number() {
      return number;
    }
  }

  /** Validates and copies the components. */
  public Neuron {
    Objects.requireNonNull(controller, "controller");
    hotKeys = List.copyOf(hotKeys);
    Objects.requireNonNull(subaccount, "subaccount");
    Objects.requireNonNull(dissolveState, "dissolveState");
    EnumMap<Topic, List<Long>> f = new EnumMap<>(Topic.class);
    followees.forEach((t, l) -> {
      if (!l.isEmpty()) {
        f.put(t, List.copyOf(l));
      }
    });
    followees = Collections.unmodifiableMap(f);
    if (cachedNeuronStakeE8s < 0 || neuronFeesE8s < 0 || maturityE8sEquivalent < 0) {
      throw new IllegalArgumentException("negative stake, fees or maturity");
    }
  }

  /** The dissolve delay at {@code now}: the delay, the time left while dissolving, or 0. */
  public long dissolveDelaySeconds(long now) {
    if (dissolveState instanceof DissolveState.NotDissolving n) {
      return n.dissolveDelaySeconds();
    }
    long when = ((DissolveState.Dissolving) dissolveState).whenDissolvedTimestampSeconds();
    return Math.max(0, when - now);
  }

  /** The age at {@code now} (0 while dissolving). */
  public long ageSeconds(long now) {
    return agingSinceTimestampSeconds >= now ? 0 : now - agingSinceTimestampSeconds;
  }

  /** The state at {@code now}. */
  public State state(long now) {
    if (dissolveState instanceof DissolveState.NotDissolving n) {
      return n.dissolveDelaySeconds() > 0 ? State.NOT_DISSOLVING : State.DISSOLVED;
    }
    return ((DissolveState.Dissolving) dissolveState).whenDissolvedTimestampSeconds() > now
        ? State.DISSOLVING
        : State.DISSOLVED;
  }

  /** {@code stake_e8s}: the cached stake minus the fees. */
  public long stakeE8s() {
    return Math.max(0, cachedNeuronStakeE8s - neuronFeesE8s);
  }

  /**
   * The voting power at {@code now} ({@code Neuron::voting_power}): {@code stake · (1 + d/8y) · (1
   * + min(age, 4y)/(4 · 4y))} with {@code d} the dissolve delay capped at 8 years — a dissolve
   * bonus up to +100 % and an age bonus up to +25 %, computed in exact integer arithmetic.
   */
  public long votingPower(long now) {
    return votingPower(stakeE8s(), dissolveDelaySeconds(now), ageSeconds(now));
  }

  /** The voting power of a stake with a dissolve delay and an age. */
  public static long votingPower(long stake, long dissolveDelay, long age) {
    long d = Math.min(dissolveDelay, GovernanceConstants.MAX_DISSOLVE_DELAY_SECONDS);
    long a = Math.min(age, GovernanceConstants.MAX_NEURON_AGE_FOR_AGE_BONUS);
    try {
      long dStake = Math.addExact(stake, mulDiv(stake, d, GovernanceConstants.MAX_DISSOLVE_DELAY_SECONDS));
      return Math.addExact(dStake, mulDiv(dStake, a, 4 * GovernanceConstants.MAX_NEURON_AGE_FOR_AGE_BONUS));
    } catch (ArithmeticException overflow) {
      BigInteger s = BigInteger.valueOf(stake);
      BigInteger dStake = s.add(s.multiply(BigInteger.valueOf(d)).divide(BigInteger.valueOf(GovernanceConstants.MAX_DISSOLVE_DELAY_SECONDS)));
      BigInteger adStake = dStake.add(dStake.multiply(BigInteger.valueOf(a))
          .divide(BigInteger.valueOf(4 * GovernanceConstants.MAX_NEURON_AGE_FOR_AGE_BONUS)));
      return adStake.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }
  }

  /**
   * {@code floor(x · m / d)} for non-negative {@code x} and {@code 0 ≤ m ≤ d < 2^31}, exact:
   * {@code x = q·d + r} gives {@code q·m + r·m/d} with {@code r·m < 2^62}.
   */
  private static long mulDiv(long x, long m, long d) {
    long q = x / d;
    long r = x % d;
    return Math.addExact(Math.multiplyExact(q, m), r * m / d);
  }

  /** Whether the neuron may vote at {@code now}: a dissolve delay of at least 6 months. */
  public boolean isEligibleToVote(long now) {
    return dissolveDelaySeconds(now) >= GovernanceConstants.MIN_DISSOLVE_DELAY_FOR_VOTE_ELIGIBILITY_SECONDS;
  }

  /** Whether {@code p} is the controller or a hot key. */
  public boolean isControllerOrHotKey(Principal p) {
    return controller.equals(p) || hotKeys.contains(p);
  }

  /**
   * The followees that decide this neuron's vote on {@code topic}: those of the topic, or else
   * those of the catch-all topic (except for neuron management).
   */
  public List<Long> followeesFor(Topic topic) {
    List<Long> f = followees.get(topic);
    if (f == null && topic != Topic.NEURON_MANAGEMENT) {
      f = followees.get(Topic.UNSPECIFIED);
    }
    return f == null ? List.of() : f;
  }

  /** The neuron's account bytes (the subaccount). */
  public Bytes account() {
    return subaccount.bytes();
  }

  /** This neuron with another stake and fees. */
  public Neuron withStake(long cached, long fees) {
    return new Neuron(id, controller, hotKeys, subaccount, cached, fees, createdTimestampSeconds,
        agingSinceTimestampSeconds, dissolveState, followees, maturityE8sEquivalent, kycVerified, notForProfit);
  }

  /** This neuron with another dissolve state and aging time. */
  public Neuron withDissolve(DissolveState state, long agingSince) {
    return new Neuron(id, controller, hotKeys, subaccount, cachedNeuronStakeE8s, neuronFeesE8s,
        createdTimestampSeconds, agingSince, state, followees, maturityE8sEquivalent, kycVerified, notForProfit);
  }

  /** This neuron with other hot keys. */
  public Neuron withHotKeys(List<Principal> keys) {
    return new Neuron(id, controller, keys, subaccount, cachedNeuronStakeE8s, neuronFeesE8s,
        createdTimestampSeconds, agingSinceTimestampSeconds, dissolveState, followees, maturityE8sEquivalent,
        kycVerified, notForProfit);
  }

  /** This neuron with other followees. */
  public Neuron withFollowees(Map<Topic, List<Long>> f) {
    return new Neuron(id, controller, hotKeys, subaccount, cachedNeuronStakeE8s, neuronFeesE8s,
        createdTimestampSeconds, agingSinceTimestampSeconds, dissolveState, f, maturityE8sEquivalent,
        kycVerified, notForProfit);
  }

  /** This neuron with another maturity. */
  public Neuron withMaturity(long maturity) {
    return new Neuron(id, controller, hotKeys, subaccount, cachedNeuronStakeE8s, neuronFeesE8s,
        createdTimestampSeconds, agingSinceTimestampSeconds, dissolveState, followees, maturity,
        kycVerified, notForProfit);
  }

  /** This neuron with another aging time. */
  public Neuron withAgingSince(long agingSince) {
    return withDissolve(dissolveState, agingSince);
  }
}
