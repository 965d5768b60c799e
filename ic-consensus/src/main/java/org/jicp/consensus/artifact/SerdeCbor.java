package org.jicp.consensus.artifact;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jicp.crypto.Bytes;

/**
 * The few {@code serde_cbor::to_vec} shapes the IC signs consensus contents in ({@code
 * SignedBytesWithoutDomainSeparator} of {@code NotarizationContent}, {@code FinalizationContent},
 * {@code BlockMetadata}): a struct is a definite-length map keyed by its field names in
 * declaration order; integers and lengths take the shortest head; {@code ReplicaVersion} is the
 * map {@code {"version_id": text}}; {@code Height} is its {@code u64} (phantom_newtype's {@code
 * AmountOf} serializes as its representation); {@code CryptoHash} and principals are byte strings
 * ({@code serde_bytes}).
 */
final class SerdeCbor {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private SerdeCbor head(int major, long value) {
    int m = major << 5;
    if (value < 24) {
      out.write(m | (int) value);
    } else if (value < 0x100) {
      out.write(m | 24);
      out.write((int) value);
    } else if (value < 0x10000) {
      out.write(m | 25);
      out.write((int) (value >>> 8));
      out.write((int) value);
    } else if (value < 0x100000000L) {
      out.write(m | 26);
      for (int s = 24; s >= 0; s -= 8) {
        out.write((int) (value >>> s));
      }
    } else {
      out.write(m | 27);
      for (int s = 56; s >= 0; s -= 8) {
        out.write((int) (value >>> s));
      }
    }
    return this;
  }

  SerdeCbor map(int entries) {
    return head(5, entries);
  }

  SerdeCbor text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    head(3, b.length);
    out.writeBytes(b);
    return this;
  }

  SerdeCbor u64(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("a u64 above 2^63 is not used here");
    }
    return head(0, v);
  }

  SerdeCbor bytes(Bytes b) {
    head(2, b.length());
    out.writeBytes(b.toByteArray());
    return this;
  }

  /** A {@code ReplicaVersion} field value. */
  SerdeCbor version(String v) {
    return map(1).text("version_id").text(v);
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
