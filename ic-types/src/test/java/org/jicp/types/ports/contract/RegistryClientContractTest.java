package org.jicp.types.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.jicp.crypto.Bytes;
import org.jicp.types.RegistryVersion;
import org.jicp.types.ports.RegistryClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RegistryClient}, for every implementation: subclass it and say how to
 * build a registry that grows version by version ({@link #registry()}). (In a package of its own, beside the other ports' contract
 * tests: a test-jar class in {@code org.jicp.types.ports} would be split from the named module and
 * invisible to the modules that subclass it.)
 *
 * <p>The history used: version 1 sets {@code subnet_record_a} and {@code subnet_record_b}; version
 * 2 changes {@code a} and sets {@code routing_table}; version 3 deletes {@code b}; version 4 sets
 * {@code b} again. Keys are the IC's names, values opaque bytes.
 */
public abstract class RegistryClientContractTest {
  /** A registry the test can add versions to, and its client. */
  protected interface GrowingRegistry {
    /** Adds one version with these changes (an empty value deletes the key). */
    void addVersion(Map<String, Optional<Bytes>> changes);

    /** The client under test (it may be asked again after versions are added). */
    RegistryClient client();
  }

  /** A fresh, empty registry (version 0). */
  protected abstract GrowingRegistry registry();

  private GrowingRegistry registry;

  static Bytes v(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Optional<Bytes>> changes(Object... kv) {
    Map<String, Optional<Bytes>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1] == null ? Optional.empty() : Optional.of(v((String) kv[i + 1])));
    }
    return m;
  }

  @BeforeEach
  void history() {
    registry = registry();
  }

  private void addHistory() {
    registry.addVersion(changes("subnet_record_a", "a1", "subnet_record_b", "b1"));
    registry.addVersion(changes("subnet_record_a", "a2", "routing_table", "rt2"));
    registry.addVersion(changes("subnet_record_b", null));
    registry.addVersion(changes("subnet_record_b", "b4"));
  }

  @Test
  void latestVersion_ofAnEmptyRegistry_isZeroWithNothingInIt() {
    RegistryClient c = registry.client();
    assertThat(c.latestVersion()).isEqualTo(RegistryVersion.of(0));
    assertThat(c.versionedValue("subnet_record_a", RegistryVersion.of(0))).isEmpty();
    assertThat(c.valuesWithPrefix("", RegistryVersion.of(0))).isEmpty();
  }

  @Test
  void versionedValue_atEachVersion_isTheValueSetAtOrBeforeIt() {
    addHistory();
    RegistryClient c = registry.client();
    assertThat(c.latestVersion()).isEqualTo(RegistryVersion.of(4));
    assertThat(c.versionedValue("subnet_record_a", RegistryVersion.of(0))).isEmpty();
    assertThat(c.versionedValue("subnet_record_a", RegistryVersion.of(1))).contains(v("a1"));
    assertThat(c.versionedValue("subnet_record_a", RegistryVersion.of(2))).contains(v("a2"));
    assertThat(c.versionedValue("subnet_record_a", RegistryVersion.of(4))).contains(v("a2"));
    assertThat(c.versionedValue("routing_table", RegistryVersion.of(1))).isEmpty();
    assertThat(c.versionedValue("routing_table", RegistryVersion.of(3))).contains(v("rt2"));
  }

  @Test
  void versionedValue_ofADeletedOrUnknownKey_isEmpty() {
    addHistory();
    RegistryClient c = registry.client();
    assertThat(c.versionedValue("subnet_record_b", RegistryVersion.of(2))).contains(v("b1"));
    assertThat(c.versionedValue("subnet_record_b", RegistryVersion.of(3))).isEmpty();
    assertThat(c.versionedValue("subnet_record_b", RegistryVersion.of(4))).contains(v("b4"));
    assertThat(c.versionedValue("no_such_key", RegistryVersion.of(4))).isEmpty();
  }

  @Test
  void versionedValue_aboveTheLatestVersion_throwsVersionUnavailable() {
    addHistory();
    RegistryClient c = registry.client();
    assertThatThrownBy(() -> c.versionedValue("subnet_record_a", RegistryVersion.of(5)))
        .isInstanceOf(RegistryClient.RegistryVersionUnavailableException.class)
        .hasMessageContaining("5");
    assertThatThrownBy(() -> c.versionedValue("no_such_key", RegistryVersion.of(5)))
        .isInstanceOf(RegistryClient.RegistryVersionUnavailableException.class);
    assertThatThrownBy(() -> c.valuesWithPrefix("subnet_record_", RegistryVersion.of(99)))
        .isInstanceOf(RegistryClient.RegistryVersionUnavailableException.class);
  }

  @Test
  void valuesWithPrefix_atAVersion_areThePresentKeysInOrder() {
    addHistory();
    RegistryClient c = registry.client();
    SortedMap<String, Bytes> at2 = c.valuesWithPrefix("subnet_record_", RegistryVersion.of(2));
    assertThat(at2).containsExactly(Map.entry("subnet_record_a", v("a2")), Map.entry("subnet_record_b", v("b1")));
    assertThat(c.valuesWithPrefix("subnet_record_", RegistryVersion.of(3)))
        .containsExactly(Map.entry("subnet_record_a", v("a2")));
    assertThat(c.valuesWithPrefix("", RegistryVersion.of(4)).keySet())
        .containsExactly("routing_table", "subnet_record_a", "subnet_record_b");
    assertThat(c.valuesWithPrefix("zzz", RegistryVersion.of(4))).isEmpty();
  }

  @Test
  void answers_atAVersion_doNotChangeWhenLaterVersionsAreAdded() {
    registry.addVersion(changes("subnet_record_a", "a1", "subnet_record_b", "b1"));
    registry.addVersion(changes("subnet_record_a", "a2", "routing_table", "rt2"));
    RegistryClient before = registry.client();
    Optional<Bytes> a1 = before.versionedValue("subnet_record_a", RegistryVersion.of(1));
    SortedMap<String, Bytes> all2 = before.valuesWithPrefix("", RegistryVersion.of(2));
    RegistryVersion latestBefore = before.latestVersion();
    registry.addVersion(changes("subnet_record_b", null));
    registry.addVersion(changes("subnet_record_a", "a4", "subnet_record_c", "c4"));
    RegistryClient after = registry.client();
    assertThat(after.latestVersion()).isGreaterThan(latestBefore);
    assertThat(after.versionedValue("subnet_record_a", RegistryVersion.of(1))).isEqualTo(a1);
    assertThat(after.versionedValue("subnet_record_a", RegistryVersion.of(1)))
        .isEqualTo(after.versionedValue("subnet_record_a", RegistryVersion.of(1)));
    assertThat(after.valuesWithPrefix("", RegistryVersion.of(2))).isEqualTo(all2);
    assertThat(after.versionedValue("subnet_record_a", RegistryVersion.of(4))).contains(v("a4"));
  }

  @Test
  void latestVersion_neverDecreases_asVersionsAreAdded() {
    RegistryVersion last = registry.client().latestVersion();
    for (int i = 1; i <= 5; i++) {
      registry.addVersion(changes("node_record_" + i, "n" + i));
      RegistryVersion now = registry.client().latestVersion();
      assertThat(now).isGreaterThanOrEqualTo(last);
      assertThat(now).isEqualTo(RegistryVersion.of(i));
      last = now;
    }
  }
}
