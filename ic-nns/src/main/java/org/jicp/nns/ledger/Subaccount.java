package org.jicp.nns.ledger;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * A 32-byte ledger subaccount. The all-zero subaccount is the default account of a principal.
 *
 * @param bytes the 32 bytes
 */
public record Subaccount(Bytes bytes) {
  /** The length of every subaccount. */
  public static final int LENGTH = 32;

  /** The default subaccount (32 zero bytes). */
  public static final Subaccount DEFAULT = new Subaccount(Bytes.of(new byte[LENGTH]));

  /** Validates the component: exactly 32 bytes. */
  public Subaccount {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("a subaccount has 32 bytes, not " + bytes.length());
    }
  }

  /** The subaccount of 32 bytes given in hex (a shorter hex string is left-padded with zeros). */
  public static Subaccount fromHex(String hex) {
    byte[] b = Bytes.parseHex(hex);
    if (b.length > LENGTH) {
      throw new IllegalArgumentException("a subaccount has at most 32 bytes, not " + b.length);
    }
    byte[] padded = new byte[LENGTH];
    System.arraycopy(b, 0, padded, LENGTH - b.length, b.length);
    return new Subaccount(Bytes.of(padded));
  }

  /**
   * The subaccount the IC derives from a principal (used by the cycles minting canister): its
   * length byte, its bytes, zero padding.
   */
  public static Subaccount ofPrincipal(Principal p) {
    byte[] raw = p.toByteArray();
    byte[] out = new byte[LENGTH];
    out[0] = (byte) raw.length;
    System.arraycopy(raw, 0, out, 1, raw.length);
    return new Subaccount(Bytes.of(out));
  }

  /** Whether this is the default subaccount. */
  public boolean isDefault() {
    return equals(DEFAULT);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
