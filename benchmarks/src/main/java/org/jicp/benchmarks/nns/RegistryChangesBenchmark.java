package org.jicp.benchmarks.nns;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.nns.registry.RegistryStore;
import org.jicp.types.RegistryVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code get_changes_since} over a registry of 10,000 versions: 5,000 data centers added one per
 * version (one new key each) and 5,000 firewall updates (one key, many values), read from version 0
 * (everything, grouped by key) and from the middle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RegistryChangesBenchmark {
  static final int VERSIONS = 10_000;

  Registry registry;

  @Setup
  public void setUp() {
    registry = new Registry();
    for (int v = 0; v < VERSIONS; v++) {
      if (v % 2 == 0) {
        registry.addOrRemoveDataCenters(new RegistryPayloads.AddOrRemoveDataCentersProposalPayload(
            List.of(new RegistryPayloads.DataCenterRecord("dc" + v, "Europe,CH,Zurich", "owner", Optional.empty())), List.of()));
      } else {
        registry.setFirewallConfig(new RegistryPayloads.SetFirewallConfigPayload("rules " + v, List.of("10.0.0.0/8"), List.of()));
      }
    }
    if (registry.latestVersion().value() != VERSIONS) {
      throw new AssertionError(registry.latestVersion());
    }
  }

  /** All 10,000 versions' changes, grouped by key (5,001 keys). */
  @Benchmark
  public List<RegistryStore.Delta> changesSinceZero() {
    return registry.changesSince(RegistryVersion.ZERO);
  }

  /** The last 5,000 versions. */
  @Benchmark
  public List<RegistryStore.Delta> changesSinceHalf() {
    return registry.changesSince(RegistryVersion.of(VERSIONS / 2));
  }

  /** A value at an old version (walks the key's history back). */
  @Benchmark
  public Object getValueAtOldVersion() {
    return registry.getValue("firewall_config", RegistryVersion.of(3));
  }
}
