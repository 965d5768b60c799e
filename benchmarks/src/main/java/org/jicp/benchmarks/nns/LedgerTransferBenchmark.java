package org.jicp.benchmarks.nns;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.host.CallContext;
import org.jicp.nns.host.Outcome;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LedgerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ICRC-1 transfers per second on the in-process ICP ledger (target ≥ 50,000/s): round-robin
 * between 1,000 funded accounts, each transfer validated, hashed into an ICRC-3 block (Value hash,
 * parent hash) and applied; with and without {@code created_at_time} (the deduplication path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerTransferBenchmark {
  static final int ACCOUNTS = 1_000;
  static final long NOW = 1_700_000_000_000_000_000L;

  Ledger ledger;
  LedgerCanister canister;
  Bytes[] candidArgs;
  Principal[] owners;
  Account[] accounts;
  int i;
  long t;

  @Setup(Level.Iteration)
  public void setUp() {
    owners = new Principal[ACCOUNTS];
    accounts = new Account[ACCOUNTS];
    Map<Account, Long> balances = new LinkedHashMap<>();
    for (int k = 0; k < ACCOUNTS; k++) {
      owners[k] = Principal.canisterIdFromIndex(10_000 + k);
      accounts[k] = Account.of(owners[k]);
      balances.put(accounts[k], 1_000_000_000_000L);
    }
    ledger = new Ledger(LedgerConfig.icp(Account.of(NnsCanisterIds.GOVERNANCE.principal()), balances, NOW));
    canister = new LedgerCanister(ledger);
    candidArgs = new Bytes[ACCOUNTS];
    for (int k = 0; k < ACCOUNTS; k++) {
      candidArgs[k] = Bytes.of(CandidMapper.standard().encode(Icrc1.TransferArg.of(accounts[(k + 1) % ACCOUNTS], 1)));
    }
    i = 0;
    t = NOW;
  }

  /** A plain ICRC-1 transfer (no deduplication). */
  @Benchmark
  public Object icrc1Transfer() {
    int from = i++ % ACCOUNTS;
    Icrc1.TransferResult r = ledger.icrc1Transfer(owners[from], Icrc1.TransferArg.of(accounts[(from + 1) % ACCOUNTS], 1), NOW);
    if (!(r instanceof Icrc1.TransferResult.Ok)) {
      throw new AssertionError(r);
    }
    return r;
  }

  /**
   * The same through the hosted canister: the Candid argument decoded, the transfer run atomically
   * (as the host runs a message) and the Candid reply encoded.
   */
  @Benchmark
  public Object icrc1TransferThroughCandid() {
    int from = i++ % ACCOUNTS;
    CallContext ctx = CallContext.of(owners[from], NOW);
    Outcome o = canister.atomic(() -> canister.handle(ctx, "icrc1_transfer", candidArgs[from]));
    if (!(o instanceof Outcome.Reply)) {
      throw new AssertionError(o);
    }
    return o;
  }

  /** An ICRC-1 transfer with {@code created_at_time}: also checked against and added to the deduplication table. */
  @Benchmark
  public Object icrc1TransferDeduplicated() {
    int from = i++ % ACCOUNTS;
    t++;
    Icrc1.TransferArg arg = new Icrc1.TransferArg(Optional.empty(), accounts[(from + 1) % ACCOUNTS], BigInteger.ONE,
        Optional.empty(), Optional.empty(), Optional.of(t));
    Icrc1.TransferResult r = ledger.icrc1Transfer(owners[from], arg, t);
    if (!(r instanceof Icrc1.TransferResult.Ok)) {
      throw new AssertionError(r);
    }
    return r;
  }
}
