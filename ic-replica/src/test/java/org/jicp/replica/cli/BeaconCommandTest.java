package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.BlockMakerRanking;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomBeacon;
import org.jicp.crypto.beacon.RandomBeacons;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.junit.jupiter.api.Test;

/** {@code jicp beacon verify} on real drand beacons, and {@code jicp beacon chain}. */
class BeaconCommandTest {
  private static final String QUICKNET_1000 =
      "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";

  @Test
  void verify_defaultChainVector_validAndTampered() {
    JsonNode b = SharedVectors.json("drand/drand-beacons.json").get("beacons").get(0);
    String round = b.get("round").asText();
    String sig = b.get("signature").asText();
    String prev = b.get("previous_signature").asText();
    assertThat(CliRun.of("beacon", "verify", "--chain", "default", "--round", round, "--sig", sig, "--prev-sig", prev))
        .isEqualTo(new CliRun(0, "valid", ""));
    String badPrev = prev.substring(0, prev.length() - 1) + (prev.endsWith("0") ? "1" : "0");
    assertThat(CliRun.of("beacon", "verify", "--chain", "default", "--round", round, "--sig", sig, "--prev-sig", badPrev))
        .isEqualTo(new CliRun(1, "invalid", ""));
    assertThat(
            CliRun.of(
                "beacon", "verify", "--chain", "default", "--round", String.valueOf(Long.parseLong(round) + 1), "--sig", sig,
                "--prev-sig", prev))
        .isEqualTo(new CliRun(1, "invalid", ""));
  }

  @Test
  void verify_quicknetRound1000_validAndOtherRoundInvalid() {
    assertThat(CliRun.of("beacon", "verify", "--chain", "quicknet", "--round", "1000", "--sig", QUICKNET_1000))
        .isEqualTo(new CliRun(0, "valid", ""));
    assertThat(CliRun.of("beacon", "verify", "--chain", "quicknet", "--round", "1001", "--sig", QUICKNET_1000))
        .isEqualTo(new CliRun(1, "invalid", ""));
  }

  @Test
  void verify_malformedInput_exit2() {
    for (String[] args :
        new String[][] {
          {"beacon", "verify", "--chain", "quicknet", "--round", "1000", "--sig", QUICKNET_1000.substring(2)},
          {"beacon", "verify", "--chain", "quicknet", "--round", "1000", "--sig", "zz"},
          {"beacon", "verify", "--chain", "quicknet", "--round", "-1", "--sig", QUICKNET_1000},
          {"beacon", "verify", "--chain", "quicknet", "--round", "1000", "--sig", QUICKNET_1000, "--prev-sig", "00"},
          {"beacon", "verify", "--chain", "default", "--round", "1000", "--sig", QUICKNET_1000},
          {"beacon", "verify", "--chain", "mainnet", "--round", "1", "--sig", QUICKNET_1000},
          {"beacon", "verify", "--chain", "quicknet", "--round", "x", "--sig", QUICKNET_1000}
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).startsWith("error: ");
    }
  }

  @Test
  void chain_everyBeaconVerifiesUnderThePrintedKey_andRankingsMatch() {
    CliRun r = CliRun.of("beacon", "chain", "--n", "4", "--seed", "beac0n", "--heights", "5");
    assertThat(r.exit()).as(r.err()).isEqualTo(2); // "beac0n" is not hex
    r = CliRun.of("beacon", "chain", "--n", "4", "--seed", "beac07", "--heights", "5");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Arrays.asList(r.out().split("\n"));
    assertThat(lines).hasSize(7);
    PublicKey key = BlsScheme.IC.publicKeyFromBytes(Bytes.parseHex(lines.get(0).split(" ")[1]));
    Principal subnet = Principal.fromText(lines.get(1).split(" ")[1]);
    List<Principal> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(SubnetSimulation.nodeId(i));
    }
    NiDkgId dkgId = NiDkgId.local(0, subnet, NiDkgTag.LOW_THRESHOLD);
    List<RandomBeacon> chain = new ArrayList<>();
    chain.add(RandomBeacons.genesis(0, dkgId));
    for (int h = 1; h <= 5; h++) {
      String[] f = lines.get(h + 1).split(" ");
      assertThat(f[0]).isEqualTo("beacon");
      assertThat(f[1]).isEqualTo(String.valueOf(h));
      RandomBeacon previous = chain.get(h - 1);
      RandomBeacon beacon = new RandomBeacon(RandomBeacons.nextContent(previous), Bytes.fromHex(f[2]), dkgId);
      assertThat(RandomBeacons.verify(beacon, previous, key)).as("beacon %d", h).isTrue();
      List<String> ranking = Arrays.asList(f[3].split(","));
      assertThat(ranking).containsExactlyElementsOf(BlockMakerRanking.ranking(h + 1, beacon, nodes).stream().map(Principal::toText).toList());
      chain.add(beacon);
    }
    assertThat(RandomBeacons.verifyChain(chain, key).isValid()).isTrue();
    assertThat(CliRun.of("beacon", "chain", "--n", "4", "--seed", "beac07", "--heights", "5")).isEqualTo(r);
  }
}
