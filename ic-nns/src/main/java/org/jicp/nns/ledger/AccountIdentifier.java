package org.jicp.nns.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.internal.Hashing;

/**
 * A legacy ICP ledger account identifier: {@code CRC32(h) ‖ h} with {@code h = SHA-224(0x0A ‖
 * "account-id" ‖ principal ‖ subaccount)}, 32 bytes (ICP ledger, {@code account_identifier.rs};
 * the ledger documentation, "Accounts").
 *
 * @param bytes the 32 bytes, checksum first
 */
public record AccountIdentifier(Bytes bytes) implements Comparable<AccountIdentifier> {
  /** The length of an account identifier. */
  public static final int LENGTH = 32;

  private static final byte[] DOMAIN = "\naccount-id".getBytes(StandardCharsets.US_ASCII);

  /** Validates the component: 32 bytes whose first four are the CRC-32 of the other 28. */
  public AccountIdentifier {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new MalformedRequestException(
          "an account identifier has 32 bytes, not " + bytes.length());
    }
    byte[] b = bytes.toByteArray();
    int expected = crc(b, 4, 28);
    int actual = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (expected != actual) {
      throw new MalformedRequestException(
          "account identifier " + bytes.toHex() + " has a wrong CRC-32 checksum (expected "
              + String.format("%08x", expected) + ")");
    }
  }

  /** The account identifier of {@code owner}'s {@code subaccount}. */
  public static AccountIdentifier of(Principal owner, Subaccount subaccount) {
    byte[] h = Hashing.sha224(DOMAIN, owner.toByteArray(), subaccount.bytes().toByteArray());
    byte[] out = new byte[LENGTH];
    int c = crc(h, 0, h.length);
    out[0] = (byte) (c >>> 24);
    out[1] = (byte) (c >>> 16);
    out[2] = (byte) (c >>> 8);
    out[3] = (byte) c;
    System.arraycopy(h, 0, out, 4, h.length);
    return new AccountIdentifier(Bytes.of(out));
  }

  /** The account identifier of the default account of {@code owner}. */
  public static AccountIdentifier of(Principal owner) {
    return of(owner, Subaccount.DEFAULT);
  }

  /**
   * Parses the 64-hex-digit form and checks the checksum.
   *
   * @throws MalformedRequestException if it is not 32 bytes of hex or the checksum is wrong
   */
  public static AccountIdentifier fromHex(String hex) {
    byte[] b;
    try {
      b = Bytes.parseHex(hex);
    } catch (RuntimeException e) {
      throw new MalformedRequestException("account identifier: " + e.getMessage(), e);
    }
    return new AccountIdentifier(Bytes.of(b));
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** The 64 lower-case hex digits. */
  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public int compareTo(AccountIdentifier o) {
    return bytes.compareTo(o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
