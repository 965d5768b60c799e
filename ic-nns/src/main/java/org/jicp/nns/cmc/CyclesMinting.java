package org.jicp.nns.cmc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.nns.InvalidRequestException;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.internal.Journal;
import org.jicp.nns.internal.JournaledMap;
import org.jicp.nns.internal.JournaledValue;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.ledger.Icrc3Value;
import org.jicp.nns.ledger.LegacyLedger;
import org.jicp.nns.ledger.Subaccount;
import org.jicp.types.Cycles;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;

/**
 * The cycles minting canister as a deterministic state machine ({@code rs/nns/cmc}): ICP sent to
 * its subaccounts with the IC's memos is converted to cycles at the ICP/XDR rate (1 XDR = 10^12
 * cycles) and either deposited to a canister ({@code notify_top_up}) or used to create one on a
 * chosen subnet ({@code notify_create_canister}); a limiter caps the cycles minted per hour; each
 * ledger block is processed exactly once (repeated notifications get the first answer); failures
 * refund the ICP minus the fee.
 *
 * <p>As everywhere in this module, the work with other canisters is returned as plans: {@link
 * #startTopUp}/{@link #startCreateCanister} validate the payment block (read from the ledger by the
 * host) and return the ledger burn or refund and the cycles; the host reports the outcome with
 * {@link #completeTopUp}, {@link #completeCreateCanister} or {@link #refunded}.
 */
public final class CyclesMinting {
  /** {@code MEMO_TOP_UP_CANISTER}: "TPUP". */
  public static final long MEMO_TOP_UP_CANISTER = 0x50555054L;
  /** {@code MEMO_CREATE_CANISTER}: "CREA". */
  public static final long MEMO_CREATE_CANISTER = 0x41455243L;
  /** {@code MEMO_MINT_CYCLES}: "MINT". */
  public static final long MEMO_MINT_CYCLES = 0x544e494dL;
  /** {@code DEFAULT_CYCLES_PER_XDR}: 1 XDR = 10^12 cycles. */
  public static final BigInteger DEFAULT_CYCLES_PER_XDR = BigInteger.TEN.pow(12);
  /** The minting limit: 50 P cycles per hour. */
  public static final BigInteger DEFAULT_CYCLES_LIMIT_PER_HOUR = BigInteger.valueOf(50).multiply(BigInteger.TEN.pow(15));
  /** {@code NUM_DAYS_FOR_ICP_XDR_AVERAGE}. */
  public static final int NUM_DAYS_FOR_ICP_XDR_AVERAGE = 30;
  /** The subnet type label of fiduciary subnets. */
  public static final String FIDUCIARY = "fiduciary";
  /** The {@code NotifyError::Other} code of a block that is not a payment of the expected kind. */
  public static final long ERROR_BAD_BLOCK = 1;

  private static final long LIMITER_WINDOW_SECONDS = 3600;
  private static final long LIMITER_RESOLUTION_SECONDS = 60;

  /** The status of a notified payment. */
  public sealed interface Status {
    /** Being processed (a notification for it waits for other canisters). */
    record Processing() implements Status {}

    /** Deposited cycles to a canister. */
    record ToppedUp(BigInteger cycles) implements Status {}

    /** Created a canister. */
    record Created(Principal canister) implements Status {}

    /** Refunded. */
    record Refunded(String reason, Optional<Long> refundBlock) implements Status {}

    /** Rejected without a refund (invalid transaction). */
    record Invalid(CmcApi.NotifyError error) implements Status {}
  }

  /** A validated payment: the block, its sender's account identifier, the ICP amount. */
  public record Payment(long blockIndex, AccountIdentifier from, long amountE8s, Subaccount cmcSubaccount) {}

  /** What to do after {@code start…}: an answer now, or proceed with a payment. */
  public sealed interface Start {
    /** Answer with this status (already processed, processing, or invalid). */
    record Done(Status status) implements Start {}

    /** Mint {@code cycles} for the payment (on {@code subnet} for a creation). */
    record Proceed(Payment payment, Cycles cycles, Optional<SubnetId> subnet) implements Start {}

    /** Refund the payment without minting, for {@code reason}. */
    record Refund(Payment payment, String reason) implements Start {}
  }

  private final Principal cmc;
  private final long transferFee;
  private final Journal journal = new Journal();
  private final JournaledValue<CmcApi.IcpXdrConversionRate> rate;
  private final JournaledMap<Long, CmcApi.IcpXdrConversionRate> dailyRates = new JournaledMap<>(journal);
  private final JournaledMap<Long, Status> notified = new JournaledMap<>(journal);
  private final JournaledMap<Long, BigInteger> minted = new JournaledMap<>(journal);
  private final JournaledValue<List<SubnetId>> defaultSubnets;
  private final JournaledMap<Principal, List<SubnetId>> authorized = new JournaledMap<>(journal);
  private final JournaledMap<String, List<SubnetId>> subnetTypes = new JournaledMap<>(journal);
  private final JournaledValue<BigInteger> totalMinted;
  private final BigInteger cyclesPerXdr;
  private final BigInteger limitPerHour;

  /**
   * A cycles minting canister with principal {@code cmc}, the ledger's {@code transferFee}, an
   * initial rate and the default subnets for canister creation.
   */
  public CyclesMinting(Principal cmc, long transferFee, CmcApi.IcpXdrConversionRate initialRate, List<SubnetId> defaults) {
    this(cmc, transferFee, initialRate, defaults, DEFAULT_CYCLES_PER_XDR, DEFAULT_CYCLES_LIMIT_PER_HOUR);
  }

  /** As above, with another conversion factor and hourly limit. */
  public CyclesMinting(Principal cmc, long transferFee, CmcApi.IcpXdrConversionRate initialRate, List<SubnetId> defaults,
      BigInteger cyclesPerXdr, BigInteger limitPerHour) {
    this.cmc = Objects.requireNonNull(cmc, "cmc");
    this.transferFee = transferFee;
    this.rate = new JournaledValue<>(journal, Objects.requireNonNull(initialRate, "initialRate"));
    this.defaultSubnets = new JournaledValue<>(journal, List.copyOf(defaults));
    this.totalMinted = new JournaledValue<>(journal, BigInteger.ZERO);
    this.cyclesPerXdr = cyclesPerXdr;
    this.limitPerHour = limitPerHour;
    journal.run(() -> dailyRates.put(initialRate.timestampSeconds() / 86_400, initialRate));
  }

  /** Runs {@code body} atomically with this canister's journal (for hosts). */
  public <T> T atomic(java.util.function.Supplier<T> body) {
    return journal.atomic(body);
  }

  /** The canister's principal. */
  public Principal principal() {
    return cmc;
  }

  // ------------------------------------------------------------------ conversion and rates

  /**
   * {@code tokens_to_cycles}: {@code e8s · xdr_permyriad_per_icp · cycles_per_xdr / (10^8 · 10^4)}.
   */
  public Cycles icpToCycles(long e8s) {
    BigInteger c = BigInteger.valueOf(e8s).multiply(BigInteger.valueOf(rate.get().xdrPermyriadPerIcp()))
        .multiply(cyclesPerXdr).divide(BigInteger.valueOf(100_000_000L * 10_000L));
    return new Cycles(c);
  }

  /** {@code set_icp_xdr_conversion_rate} (governance only, checked by the canister). */
  public void setIcpXdrConversionRate(CmcApi.IcpXdrConversionRate r) {
    if (r.xdrPermyriadPerIcp() <= 0) {
      throw new InvalidRequestException("icp-xdr-rate", "the rate must be positive");
    }
    if (r.timestampSeconds() < rate.get().timestampSeconds()) {
      throw new InvalidRequestException("icp-xdr-rate", "the rate is older than the current one");
    }
    journal.run(() -> {
      rate.set(r);
      dailyRates.put(r.timestampSeconds() / 86_400, r);
      while (dailyRates.size() > NUM_DAYS_FOR_ICP_XDR_AVERAGE) {
        dailyRates.remove(dailyRates.view().firstKey());
      }
    });
  }

  /** The current rate. */
  public CmcApi.IcpXdrConversionRate icpXdrConversionRate() {
    return rate.get();
  }

  /** {@code get_average_icp_xdr_conversion_rate}: the mean of the last 30 daily rates. */
  public CmcApi.IcpXdrConversionRate averageIcpXdrConversionRate() {
    long sum = 0;
    for (CmcApi.IcpXdrConversionRate r : dailyRates.values()) {
      sum += r.xdrPermyriadPerIcp();
    }
    return new CmcApi.IcpXdrConversionRate(rate.get().timestampSeconds(), sum / dailyRates.size());
  }

  /**
   * The certified tree: {@code ICP_XDR_CONVERSION_RATE} and {@code AVERAGE_ICP_XDR_CONVERSION_RATE},
   * each the Candid encoding of the rate (as {@code cmc.did} describes).
   */
  public HashTree certifiedTree() {
    org.jicp.candid.mapping.CandidMapper m = org.jicp.nns.NnsCandid.MAPPER;
    return HashTreeMap.empty()
        .put("ICP_XDR_CONVERSION_RATE", HashTree.leaf(m.encode(rate.get())))
        .put("AVERAGE_ICP_XDR_CONVERSION_RATE", HashTree.leaf(m.encode(averageIcpXdrConversionRate())))
        .tree();
  }

  // ------------------------------------------------------------------ subnets

  /** {@code set_authorized_subnetwork_list}: for {@code who}, or the default subnets if absent. */
  public void setAuthorizedSubnetworkList(Optional<Principal> who, List<SubnetId> subnets) {
    journal.run(() -> {
      if (who.isEmpty()) {
        defaultSubnets.set(List.copyOf(subnets));
      } else if (subnets.isEmpty()) {
        authorized.remove(who.get());
      } else {
        authorized.put(who.get(), List.copyOf(subnets));
      }
    });
  }

  /** {@code change_subnet_type_assignment}. */
  public void changeSubnetTypeAssignment(boolean add, String type, List<SubnetId> subnets) {
    if (type.isEmpty()) {
      throw new InvalidRequestException("subnet-type", "the subnet type name is empty");
    }
    journal.run(() -> {
      List<SubnetId> current = new ArrayList<>(subnetTypes.find(type).orElse(List.of()));
      for (SubnetId s : subnets) {
        if (add) {
          for (Map.Entry<String, List<SubnetId>> e : subnetTypes.entrySet()) {
            if (!e.getKey().equals(type) && e.getValue().contains(s)) {
              throw new InvalidRequestException("subnet-type", "subnet " + s + " already has type " + e.getKey());
            }
          }
          if (!current.contains(s)) {
            current.add(s);
          }
        } else if (!current.remove(s)) {
          throw new InvalidRequestException("subnet-type", "subnet " + s + " does not have type " + type);
        }
      }
      if (current.isEmpty()) {
        subnetTypes.remove(type);
      } else {
        subnetTypes.put(type, current);
      }
    });
  }

  /** {@code get_subnet_types_to_subnets}. */
  public Map<String, List<SubnetId>> subnetTypesToSubnets() {
    return new TreeMap<>(subnetTypes.view());
  }

  /** {@code get_default_subnets}. */
  public List<SubnetId> defaultSubnets() {
    return defaultSubnets.get();
  }

  /**
   * The subnets a canister of {@code controller} may be created on: those of {@code subnetType} if
   * given, otherwise the controller's authorized subnets, otherwise the default ones.
   */
  public List<SubnetId> eligibleSubnets(Principal controller, Optional<String> subnetType) {
    if (subnetType.isPresent()) {
      return subnetTypes.find(subnetType.get()).orElse(List.of());
    }
    return authorized.find(controller).orElse(defaultSubnets.get());
  }

  // ------------------------------------------------------------------ notifications

  /** The subaccount a top-up of {@code canister} is paid to. */
  public static Subaccount topUpSubaccount(Principal canister) {
    return Subaccount.ofPrincipal(canister);
  }

  /** The account identifier of a CMC subaccount. */
  public AccountIdentifier accountOf(Subaccount s) {
    return AccountIdentifier.of(cmc, s);
  }

  /** The status of block {@code index}, if it was notified. */
  public Optional<Status> status(long blockIndex) {
    return notified.find(blockIndex);
  }

  /**
   * Starts {@code notify_top_up}: {@code block} (ledger block {@code blockIndex}) must be a transfer
   * to {@link #topUpSubaccount}({@code canister}) with memo TPUP. Marks the block as processing.
   */
  public Start startTopUp(long blockIndex, Principal canister, Icrc3Value.Map block, long nowSeconds) {
    return start(blockIndex, block, topUpSubaccount(canister), MEMO_TOP_UP_CANISTER, nowSeconds, Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /**
   * Starts {@code notify_mint_cycles}: {@code block} must be a transfer to the subaccount of {@code
   * caller} with memo MINT; the cycles go to the cycles ledger (a completed mint is recorded as
   * {@link Status.ToppedUp}).
   */
  public Start startMintCycles(Principal caller, long blockIndex, Icrc3Value.Map block, long nowSeconds) {
    return start(blockIndex, block, Subaccount.ofPrincipal(caller), MEMO_MINT_CYCLES, nowSeconds, Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /**
   * Starts {@code notify_create_canister}: {@code block} must be a transfer to the subaccount of
   * {@code controller} with memo CREA, made or notified by the controller; a subnet is chosen among
   * {@link #eligibleSubnets} (deterministically from the block index).
   */
  public Start startCreateCanister(Principal caller, long blockIndex, Principal controller, Optional<String> subnetType,
      Icrc3Value.Map block, long nowSeconds) {
    return start(blockIndex, block, Subaccount.ofPrincipal(controller), MEMO_CREATE_CANISTER, nowSeconds,
        Optional.of(controller), subnetType.filter(t -> !t.isEmpty()), Optional.of(caller));
  }

  private Start start(long blockIndex, Icrc3Value.Map block, Subaccount sub, long memo, long now,
      Optional<Principal> controller, Optional<String> subnetType, Optional<Principal> caller) {
    return journal.atomic(() -> {
      Status prior = notified.get(blockIndex);
      if (prior != null) {
        return new Start.Done(prior);
      }
      Payment p;
      try {
        p = parsePayment(blockIndex, block, sub, memo);
      } catch (InvalidRequestException e) {
        return new Start.Done(new Status.Invalid(new CmcApi.NotifyError.InvalidTransaction(e.getMessage())));
      }
      if (caller.isPresent() && !caller.get().equals(controller.orElseThrow())
          && !AccountIdentifier.of(caller.get()).equals(p.from())) {
        return new Start.Done(new Status.Invalid(new CmcApi.NotifyError.InvalidTransaction(
            "only the controller or the payer may notify the creation of a canister")));
      }
      notified.put(blockIndex, new Status.Processing());
      if (p.amountE8s() <= transferFee) {
        return new Start.Refund(p, "the payment does not cover the transaction fee");
      }
      Optional<SubnetId> subnet = Optional.empty();
      if (controller.isPresent()) {
        List<SubnetId> eligible = eligibleSubnets(controller.get(), subnetType);
        if (eligible.isEmpty()) {
          return new Start.Refund(p, "no subnet is available" + subnetType.map(t -> " of type " + t).orElse(""));
        }
        int i = (int) Long.remainderUnsigned(Hashing.u64beToLong(Hashing.sha256(Hashing.u64be(blockIndex))), eligible.size());
        subnet = Optional.of(eligible.get(i));
      }
      Cycles cycles = icpToCycles(p.amountE8s());
      if (!limiterAllows(cycles.value(), now)) {
        return new Start.Refund(p, "the cycles minting limit of " + limitPerHour + " cycles per hour is reached");
      }
      record(cycles.value(), now);
      return new Start.Proceed(p, cycles, subnet);
    });
  }

  /**
   * The ledger transfer that refunds a payment (the amount minus the fee back to its sender), used
   * when minting is refused or fails; call {@link #refunded} with its block.
   */
  public LegacyLedger.TransferArgs refundTransfer(Payment p) {
    long amount = Math.max(0, p.amountE8s() - transferFee);
    return new LegacyLedger.TransferArgs(0, new LegacyLedger.Tokens(amount), new LegacyLedger.Tokens(transferFee),
        Optional.of(p.cmcSubaccount().bytes()), p.from().bytes(), Optional.empty());
  }

  /** The ledger transfer that burns a payment once its cycles are minted. */
  public LegacyLedger.TransferArgs burnTransfer(Payment p, AccountIdentifier mintingAccount) {
    return new LegacyLedger.TransferArgs(0, new LegacyLedger.Tokens(p.amountE8s()), new LegacyLedger.Tokens(0),
        Optional.of(p.cmcSubaccount().bytes()), mintingAccount.bytes(), Optional.empty());
  }

  /** Records a completed top-up. */
  public CmcApi.NotifyTopUpResult completeTopUp(long blockIndex, Cycles cycles) {
    journal.run(() -> {
      totalMinted.set(totalMinted.get().add(cycles.value()));
      notified.put(blockIndex, new Status.ToppedUp(cycles.value()));
    });
    return new CmcApi.NotifyTopUpResult.Ok(cycles.value());
  }

  /** Records a completed canister creation. */
  public CmcApi.NotifyCreateCanisterResult completeCreateCanister(long blockIndex, Cycles cycles, Principal canister) {
    journal.run(() -> {
      totalMinted.set(totalMinted.get().add(cycles.value()));
      notified.put(blockIndex, new Status.Created(canister));
    });
    return new CmcApi.NotifyCreateCanisterResult.Ok(canister);
  }

  /** Records a refund (the reserved cycles are released from the limiter). */
  public CmcApi.NotifyError refunded(long blockIndex, Cycles reserved, String reason, Optional<Long> refundBlock, long nowSeconds) {
    journal.run(() -> {
      if (reserved.value().signum() > 0) {
        record(reserved.value().negate(), nowSeconds);
      }
      notified.put(blockIndex, new Status.Refunded(reason, refundBlock));
    });
    return new CmcApi.NotifyError.Refunded(new CmcApi.Refund(reason, refundBlock));
  }

  /** Releases a processing mark without a result (the refund itself failed; the caller may retry). */
  public void abandon(long blockIndex, Cycles reserved, long nowSeconds) {
    journal.run(() -> {
      if (reserved.value().signum() > 0) {
        record(reserved.value().negate(), nowSeconds);
      }
      notified.remove(blockIndex);
    });
  }

  /** The cycles minted so far. */
  public BigInteger totalCyclesMinted() {
    return totalMinted.get();
  }

  /** The answer of {@code notify_top_up} for a final status. */
  public static CmcApi.NotifyTopUpResult topUpResult(Status s) {
    if (s instanceof Status.ToppedUp t) {
      return new CmcApi.NotifyTopUpResult.Ok(t.cycles());
    }
    return new CmcApi.NotifyTopUpResult.Err(error(s));
  }

  /** The answer of {@code notify_create_canister} for a final status. */
  public static CmcApi.NotifyCreateCanisterResult createResult(Status s) {
    if (s instanceof Status.Created c) {
      return new CmcApi.NotifyCreateCanisterResult.Ok(c.canister());
    }
    return new CmcApi.NotifyCreateCanisterResult.Err(error(s));
  }

  private static CmcApi.NotifyError error(Status s) {
    if (s instanceof Status.Processing) {
      return new CmcApi.NotifyError.Processing();
    } else if (s instanceof Status.Refunded r) {
      return new CmcApi.NotifyError.Refunded(new CmcApi.Refund(r.reason(), r.refundBlock()));
    } else if (s instanceof Status.Invalid i) {
      return i.error();
    } else {
      return new CmcApi.NotifyError.InvalidTransaction("the block was already used for another purpose");
    }
  }

  // ------------------------------------------------------------------ payment parsing

  private Payment parsePayment(long blockIndex, Icrc3Value.Map block, Subaccount sub, long expectedMemo) {
    Icrc3Value.Map tx = block.get("tx").filter(v -> v instanceof Icrc3Value.Map).map(v -> (Icrc3Value.Map) v)
        .orElseThrow(() -> new InvalidRequestException("payment", "block " + blockIndex + " has no transaction"));
    String op = tx.get("op").map(v -> ((Icrc3Value.Text) v).value()).orElse("");
    if (!op.equals("xfer")) {
      throw new InvalidRequestException("payment", "block " + blockIndex + " is a " + op + ", not a transfer");
    }
    AccountIdentifier to = idOf(tx.get("to").orElseThrow());
    if (!to.equals(accountOf(sub))) {
      throw new InvalidRequestException("payment", "block " + blockIndex + " does not pay to the expected subaccount "
          + "of the cycles minting canister");
    }
    long memo = tx.get("memo").map(CyclesMinting::memoOf).orElse(-1L);
    if (memo != expectedMemo) {
      throw new InvalidRequestException("payment", "block " + blockIndex + " has memo " + Long.toUnsignedString(memo)
          + ", expected " + expectedMemo);
    }
    AccountIdentifier from = idOf(tx.get("from").orElseThrow());
    long amount = ((Icrc3Value.Nat) tx.get("amt").orElseThrow()).value().longValueExact();
    return new Payment(blockIndex, from, amount, sub);
  }

  private static long memoOf(Icrc3Value v) {
    if (v instanceof Icrc3Value.Nat n) {
      return n.value().longValue();
    }
    if (v instanceof Icrc3Value.Blob b && b.value().length() == 8) {
      // An ICRC-1 memo of 8 bytes is read as a little-endian u64, as the CMC does.
      long m = 0;
      for (int i = 7; i >= 0; i--) {
        m = (m << 8) | (b.value().get(i) & 0xff);
      }
      return m;
    }
    return -1;
  }

  private static AccountIdentifier idOf(Icrc3Value v) {
    if (v instanceof Icrc3Value.Blob b) {
      return new AccountIdentifier(b.value());
    }
    List<Icrc3Value> parts = ((Icrc3Value.Array) v).value();
    Principal owner = Principal.fromBytes(((Icrc3Value.Blob) parts.get(0)).value());
    Optional<Bytes> s = parts.size() > 1 ? Optional.of(((Icrc3Value.Blob) parts.get(1)).value()) : Optional.empty();
    return new Account(owner, s).accountIdentifier();
  }

  // ------------------------------------------------------------------ limiter

  private boolean limiterAllows(BigInteger cycles, long now) {
    BigInteger sum = BigInteger.ZERO;
    for (Map.Entry<Long, BigInteger> e : minted.entrySet()) {
      if (e.getKey() > now - LIMITER_WINDOW_SECONDS) {
        sum = sum.add(e.getValue());
      }
    }
    return sum.add(cycles).compareTo(limitPerHour) <= 0;
  }

  private void record(BigInteger cycles, long now) {
    long bucket = now / LIMITER_RESOLUTION_SECONDS * LIMITER_RESOLUTION_SECONDS;
    for (Long old : new ArrayList<>(minted.keySet())) {
      if (old <= now - LIMITER_WINDOW_SECONDS) {
        minted.remove(old);
      }
    }
    BigInteger v = minted.find(bucket).orElse(BigInteger.ZERO).add(cycles);
    if (v.signum() <= 0) {
      minted.remove(bucket);
    } else {
      minted.put(bucket, v);
    }
  }

  /** The cycles minted in the hour before {@code now}. */
  public BigInteger cyclesMintedInLastHour(long now) {
    BigInteger sum = BigInteger.ZERO;
    for (Map.Entry<Long, BigInteger> e : minted.entrySet()) {
      if (e.getKey() > now - LIMITER_WINDOW_SECONDS) {
        sum = sum.add(e.getValue());
      }
    }
    return sum;
  }

  // ------------------------------------------------------------------ state (upgrades)

  /**
   * The state as protobuf bytes ({@code CmcStatePb}). A notification being processed is kept as
   * such: restored from a state saved in the middle (a checkpoint, a snapshot), the canister
   * answers {@code Processing} for that block rather than minting for it a second time.
   */
  public Bytes saveState() {
    org.jicp.candid.mapping.CandidMapper m = org.jicp.nns.NnsCandid.MAPPER;
    org.jicp.nns.internal.pb.CmcStatePb.Builder b = org.jicp.nns.internal.pb.CmcStatePb.newBuilder()
        .setCmcPrincipal(bs(cmc.toByteArray()))
        .setTransferFee(transferFee)
        .setCyclesPerXdr(bs(cyclesPerXdr.toByteArray()))
        .setLimitPerHour(bs(limitPerHour.toByteArray()))
        .setCurrentRateCandid(bs(m.encode(rate.get())))
        .setTotalMinted(bs(totalMinted.get().toByteArray()));
    dailyRates.values().forEach(r -> b.addDailyRatesCandid(bs(m.encode(r))));
    defaultSubnets.get().forEach(x -> b.addDefaultSubnets(bs(x.toByteArray())));
    authorized.entrySet().forEach(e -> b.addAuthorized(subnets(e.getKey().toText(), e.getValue())));
    subnetTypes.entrySet().forEach(e -> b.addSubnetTypes(subnets(e.getKey(), e.getValue())));
    notified.entrySet().forEach(e -> {
      org.jicp.nns.internal.pb.NotificationPb.Builder n =
          org.jicp.nns.internal.pb.NotificationPb.newBuilder().setBlockIndex(e.getKey());
      Status st = e.getValue();
      if (st instanceof Status.ToppedUp t) {
        n.setToppedUpCycles(bs(t.cycles().toByteArray()));
      } else if (st instanceof Status.Created c) {
        n.setCreatedCanister(bs(c.canister().toByteArray()));
      } else if (st instanceof Status.Refunded r) {
        n.setRefundedReason(r.reason());
        r.refundBlock().ifPresent(n::setRefundBlock);
      } else if (st instanceof Status.Invalid i) {
        n.setInvalidErrorCandid(bs(m.encodeAs(CmcApi.NotifyError.class, i.error())));
      } else if (st instanceof Status.Processing) {
        n.setProcessing(true);
      } else {
        return;
      }
      b.addNotifications(n);
    });
    minted.entrySet().forEach(e -> b.addMinted(org.jicp.nns.internal.pb.MintedPb.newBuilder()
        .setBucketSeconds(e.getKey()).setCycles(bs(e.getValue().toByteArray()))));
    return Bytes.of(b.build().toByteArray());
  }

  /** A cycles minting canister rebuilt from {@link #saveState()}'s bytes. */
  public static CyclesMinting restore(Bytes state) {
    org.jicp.candid.mapping.CandidMapper m = org.jicp.nns.NnsCandid.MAPPER;
    org.jicp.nns.internal.pb.CmcStatePb s;
    try {
      s = org.jicp.nns.internal.pb.CmcStatePb.parseFrom(state.toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new org.jicp.nns.MalformedRequestException("cycles minting state: " + e.getMessage(), e);
    }
    List<SubnetId> defaults = new ArrayList<>();
    s.getDefaultSubnetsList().forEach(x -> defaults.add(new SubnetId(Principal.fromBytes(x.toByteArray()))));
    CmcApi.IcpXdrConversionRate current = m.decode(s.getCurrentRateCandid().toByteArray(), CmcApi.IcpXdrConversionRate.class);
    CyclesMinting c = new CyclesMinting(Principal.fromBytes(s.getCmcPrincipal().toByteArray()), s.getTransferFee(), current,
        defaults, new BigInteger(s.getCyclesPerXdr().toByteArray()), new BigInteger(s.getLimitPerHour().toByteArray()));
    c.journal.run(() -> {
      c.dailyRates.clear();
      s.getDailyRatesCandidList().forEach(x -> {
        CmcApi.IcpXdrConversionRate r = m.decode(x.toByteArray(), CmcApi.IcpXdrConversionRate.class);
        c.dailyRates.put(r.timestampSeconds() / 86_400, r);
      });
      s.getAuthorizedList().forEach(a -> c.authorized.put(Principal.fromText(a.getKey()), ids(a)));
      s.getSubnetTypesList().forEach(a -> c.subnetTypes.put(a.getKey(), ids(a)));
      for (org.jicp.nns.internal.pb.NotificationPb n : s.getNotificationsList()) {
        Status st;
        if (n.hasToppedUpCycles()) {
          st = new Status.ToppedUp(new BigInteger(n.getToppedUpCycles().toByteArray()));
        } else if (n.hasCreatedCanister()) {
          st = new Status.Created(Principal.fromBytes(n.getCreatedCanister().toByteArray()));
        } else if (n.hasRefundedReason()) {
          st = new Status.Refunded(n.getRefundedReason(), n.hasRefundBlock() ? Optional.of(n.getRefundBlock()) : Optional.empty());
        } else if (n.hasProcessing()) {
          st = new Status.Processing();
        } else {
          st = new Status.Invalid(m.decode(n.getInvalidErrorCandid().toByteArray(), CmcApi.NotifyError.class));
        }
        c.notified.put(n.getBlockIndex(), st);
      }
      s.getMintedList().forEach(x -> c.minted.put(x.getBucketSeconds(), new BigInteger(x.getCycles().toByteArray())));
      c.totalMinted.set(new BigInteger(s.getTotalMinted().toByteArray()));
    });
    return c;
  }

  private static com.google.protobuf.ByteString bs(byte[] b) {
    return com.google.protobuf.ByteString.copyFrom(b);
  }

  private static org.jicp.nns.internal.pb.SubnetsPb subnets(String key, List<SubnetId> list) {
    org.jicp.nns.internal.pb.SubnetsPb.Builder b = org.jicp.nns.internal.pb.SubnetsPb.newBuilder().setKey(key);
    list.forEach(x -> b.addSubnets(bs(x.toByteArray())));
    return b.build();
  }

  private static List<SubnetId> ids(org.jicp.nns.internal.pb.SubnetsPb p) {
    List<SubnetId> out = new ArrayList<>();
    p.getSubnetsList().forEach(x -> out.add(new SubnetId(Principal.fromBytes(x.toByteArray()))));
    return out;
  }
}
