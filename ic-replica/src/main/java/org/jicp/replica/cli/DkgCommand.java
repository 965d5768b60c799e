package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jicp dkg …}: non-interactive distributed key generation (Groth 2021, the IC's NI-DKG). */
@Command(
    name = "dkg",
    description = "Non-interactive distributed key generation and resharing (threshold BLS).",
    subcommands = {DkgCommand.Simulate.class})
final class DkgCommand {
  private DkgCommand() {}

  @Command(
      name = "simulate",
      description = {
        "Run a complete NI-DKG in memory (every dealing verified, every share decrypted),",
        "optionally reshare it to a new committee, and optionally sign with t shares.",
        "Prints 'group_public_key <hex>' and, with --sign-msg, 'signature <hex>'.",
        "The same seed gives the same output; resharing keeps the group key."
      })
  static final class Simulate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", required = true, description = "number of nodes")
    int n;

    @Option(names = "--t", required = true, description = "threshold, 1..n")
    int t;

    @Option(names = "--seed", required = true, description = "seed, hex: all randomness is derived from it")
    String seed;

    @Option(names = "--reshare-to", description = "reshare the key to a committee of this many nodes")
    Integer reshareTo;

    @Option(names = "--reshare-t", description = "threshold of the reshared key")
    Integer reshareT;

    @Option(names = "--sign-msg", description = "message to sign with t shares of a random subset, hex")
    String signMsg;

    @Override
    public Integer call() {
      checkCommittee("--n/--t", n, t);
      if ((reshareTo == null) != (reshareT == null)) {
        throw new ParameterException(spec.commandLine(), "--reshare-to and --reshare-t go together");
      }
      if (reshareTo != null) {
        checkCommittee("--reshare-to/--reshare-t", reshareTo, reshareT);
      }
      byte[] message = signMsg == null ? null : CryptoCommand.hex("--sign-msg", signMsg);
      SubnetSimulation sim = new SubnetSimulation(CryptoCommand.hex("--seed", seed));
      SubnetSimulation.Key key = sim.dkg(n, t);
      if (reshareTo != null) {
        key = sim.reshare(key, reshareTo, reshareT);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("group_public_key " + Bytes.hex(key.publicCoefficients().groupPublicKey().toBytes()));
      if (message != null) {
        List<SecretKeyShare> signers = new ArrayList<>(key.shares());
        sim.rng.shuffle(signers);
        List<SignatureShare> shares = new ArrayList<>();
        for (SecretKeyShare s : signers.subList(0, key.publicCoefficients().threshold())) {
          shares.add(ThresholdSignatures.sign(s, message));
        }
        Signature sig =
            ThresholdSignatures.combineVerified(key.publicCoefficients(), key.shares().size(), message, shares)
                .signature();
        out.println("signature " + Bytes.hex(sig.toBytes()));
      }
      out.flush();
      return 0;
    }

    private void checkCommittee(String what, int nodes, int threshold) {
      if (nodes < 1 || threshold < 1 || threshold > nodes) {
        throw new ParameterException(
            spec.commandLine(), what + ": need 1 <= t <= n, got n=" + nodes + " t=" + threshold);
      }
      if (nodes > 1000) {
        throw new ParameterException(spec.commandLine(), what + ": at most 1000 nodes in a simulation, got " + nodes);
      }
    }
  }
}
