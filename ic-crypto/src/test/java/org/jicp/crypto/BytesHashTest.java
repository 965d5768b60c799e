package org.jicp.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BytesHashTest {

  /** The canister id principal of index {@code i} (10 bytes: the 8-byte big-endian index, 0x01, 0x01). */
  private static Bytes canisterId(long i) {
    byte[] b = new byte[10];
    for (int k = 0; k < 8; k++) {
      b[7 - k] = (byte) (i >>> (8 * k));
    }
    b[8] = 1;
    b[9] = 1;
    return Bytes.of(b);
  }

  @Test
  void hashCode_canisterIds0To999_areAllDistinct() {
    Set<Integer> codes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      codes.add(canisterId(i).hashCode());
    }
    assertThat(codes).hasSize(1000);
  }

  @Test
  void hashCode_equalContent_givesEqualHashes() {
    long seed = new Random().nextLong();
    System.out.println("BytesHashTest seed=" + seed);
    Random r = new Random(seed);
    for (int n = 0; n < 70; n++) {
      byte[] a = new byte[n];
      r.nextBytes(a);
      assertThat(Bytes.of(a).hashCode()).isEqualTo(Bytes.of(a.clone()).hashCode());
      assertThat(Bytes.of(a)).isEqualTo(Bytes.of(a.clone()));
    }
  }

  @Test
  void hashCode_lengthAndEveryByte_changeTheHash() {
    // the empty array and runs of zeros of each length differ (the length is mixed in)
    Set<Integer> zeros = new HashSet<>();
    for (int n = 0; n < 64; n++) {
      zeros.add(Bytes.of(new byte[n]).hashCode());
    }
    assertThat(zeros).hasSize(64);
    // flipping any one bit of a 29-byte principal changes the hash
    byte[] base = new byte[29];
    new Random(7).nextBytes(base);
    int h = Bytes.of(base).hashCode();
    for (int bit = 0; bit < base.length * 8; bit++) {
      byte[] c = base.clone();
      c[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(Bytes.of(c).hashCode()).as("bit %d", bit).isNotEqualTo(h);
    }
  }
}
