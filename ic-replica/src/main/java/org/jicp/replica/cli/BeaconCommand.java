package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.BlockMakerRanking;
import org.jicp.crypto.beacon.ChainVerification;
import org.jicp.crypto.beacon.DrandChain;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomBeacon;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.RandomBeacons;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jicp beacon …}: random beacons, the IC's and drand's (the same threshold-BLS VRF). */
@Command(
    name = "beacon",
    description = "Random beacons: verify drand beacons, simulate an IC subnet's beacon chain.",
    subcommands = {BeaconCommand.Verify.class, BeaconCommand.Chain.class})
final class BeaconCommand {
  private BeaconCommand() {}

  /** The --chain values: drand chains with built-in keys. */
  enum ChainName {
    /** League of Entropy mainnet, pedersen-bls-chained. */
    DEFAULT(DrandChain.DEFAULT),
    /** League of Entropy quicknet, bls-unchained-g1-rfc9380. */
    QUICKNET(DrandChain.QUICKNET);

    final DrandChain chain;

    ChainName(DrandChain chain) {
      this.chain = chain;
    }
  }

  @Command(
      name = "verify",
      description = "Verify a drand beacon: prints valid (exit 0) or invalid (exit 1); malformed input exits 2.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--chain", required = true, description = "default (chained, needs --prev-sig) or quicknet")
    ChainName chain;

    @Option(names = "--round", required = true, description = "round number")
    long round;

    @Option(names = "--sig", required = true, description = "the beacon's signature, hex")
    String sig;

    @Option(names = "--prev-sig", description = "the previous round's signature, hex (chained chains only)")
    String prevSig;

    @Override
    public Integer call() {
      DrandChain c = chain.chain;
      if (round < 0) {
        throw new ParameterException(spec.commandLine(), "--round: a drand round is not negative, got " + round);
      }
      Bytes previous = Bytes.EMPTY;
      if (c.scheme().chained()) {
        if (prevSig == null) {
          throw new ParameterException(
              spec.commandLine(), "--chain " + chain.name().toLowerCase() + " is chained: --prev-sig is required");
        }
        previous = Bytes.of(CryptoCommand.hex("--prev-sig", prevSig));
      } else if (prevSig != null) {
        throw new ParameterException(
            spec.commandLine(), "--chain " + chain.name().toLowerCase() + " is unchained: --prev-sig does not apply");
      }
      Bytes signature = Bytes.of(CryptoCommand.hex("--sig", sig));
      boolean ok;
      try {
        ok = c.verify(round, signature, previous);
      } catch (org.jicp.crypto.InvalidEncodingException e) {
        throw new org.jicp.crypto.InvalidEncodingException("--sig: " + e.getMessage());
      }
      return CryptoCommand.verdict(spec.commandLine().getOut(), ok);
    }
  }

  @Command(
      name = "chain",
      description = {
        "Simulate an IC subnet's random beacon chain: an NI-DKG makes the low-threshold (f+1) key,",
        "then each beacon is combined from f+1 signature shares and checked against its parent.",
        "Prints 'group_public_key <hex>', 'subnet <id>', then per height h:",
        "'beacon <h> <signature hex> <ranking for height h+1>' (node ids, comma-separated; the first",
        "f+1 are the block makers). The genesis beacon (height 0) is unsigned, signer",
        "NiDkgId{height 0, subnet, LowThreshold, Local}."
      })
  static final class Chain implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", required = true, description = "number of nodes")
    int n;

    @Option(names = "--seed", required = true, description = "seed, hex")
    String seed;

    @Option(names = "--heights", required = true, description = "number of beacons after genesis")
    int heights;

    @Override
    public Integer call() {
      if (n < 1 || n > 1000) {
        throw new ParameterException(spec.commandLine(), "--n: 1 to 1000 nodes, got " + n);
      }
      if (heights < 1 || heights > 100_000) {
        throw new ParameterException(spec.commandLine(), "--heights: 1 to 100000, got " + heights);
      }
      SubnetSimulation sim = new SubnetSimulation(CryptoCommand.hex("--seed", seed));
      int t = Thresholds.low(n);
      SubnetSimulation.Key key = sim.dkg(n, t);
      NiDkgId dkgId = NiDkgId.local(0, SubnetSimulation.subnetId(), NiDkgTag.LOW_THRESHOLD);
      List<Principal> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        nodes.add(SubnetSimulation.nodeId(i));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("group_public_key " + Bytes.hex(key.publicCoefficients().groupPublicKey().toBytes()));
      out.println("subnet " + SubnetSimulation.subnetId().toText());
      List<RandomBeacon> chain = new ArrayList<>();
      chain.add(RandomBeacons.genesis(0, dkgId));
      for (int h = 1; h <= heights; h++) {
        RandomBeacon previous = chain.get(chain.size() - 1);
        RandomBeaconContent content = RandomBeacons.nextContent(previous);
        // the f+1 block makers of this height sign (any f+1 nodes would give the same beacon)
        List<Principal> ranking = BlockMakerRanking.ranking(h, previous, nodes);
        List<SignatureShare> shares = new ArrayList<>();
        for (Principal p : ranking.subList(0, t)) {
          SecretKeyShare share = key.shares().get(nodes.indexOf(p));
          shares.add(RandomBeacons.signShare(content, share));
        }
        RandomBeacon beacon = RandomBeacons.combine(content, dkgId, key.publicCoefficients(), n, shares);
        if (!RandomBeacons.verify(beacon, previous, key.publicCoefficients().groupPublicKey())) {
          throw new IllegalStateException("beacon " + h + " does not verify");
        }
        chain.add(beacon);
        String next =
            BlockMakerRanking.ranking(h + 1, beacon, nodes).stream().map(Principal::toText).collect(Collectors.joining(","));
        out.println("beacon " + h + " " + beacon.signature().toHex() + " " + next);
      }
      ChainVerification v = RandomBeacons.verifyChain(chain, key.publicCoefficients().groupPublicKey());
      if (!v.isValid()) {
        throw new IllegalStateException("the chain does not verify at height " + v.firstInvalidHeight() + ": " + v.reason());
      }
      out.flush();
      return 0;
    }
  }
}
