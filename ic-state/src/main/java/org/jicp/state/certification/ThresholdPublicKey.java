package org.jicp.state.certification;

import java.util.Arrays;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;

/**
 * A subnet's (or the IC root's) threshold BLS public key: a compressed BLS12-381 G2 point of 96
 * bytes, as certificates are verified against it.
 *
 * <p>Its DER form (IC interface specification, "Certificate" → root key; RFC 5480-style) is 133
 * bytes: the fixed 37-byte prefix {@code SEQUENCE{SEQUENCE{OID 1.3.6.1.4.1.44668.5.3.1.2.1, OID
 * 1.3.6.1.4.1.44668.5.3.2.1}, BIT STRING(97 bytes, 0 unused bits)}} followed by the key. Parsing
 * accepts exactly that prefix, so both OIDs are checked byte for byte.
 *
 * @param raw the 96-byte compressed G2 point (not checked to be on the curve here: the signature
 *     verifier does that)
 */
public record ThresholdPublicKey(Bytes raw) {
  /** The length of the raw key. */
  public static final int LENGTH = 96;

  /** The length of the DER form. */
  public static final int DER_LENGTH = 133;

  private static final byte[] DER_PREFIX =
      Bytes.parseHex(
          "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100");

  /** The IC mainnet root key (DER form as published in the interface specification). */
  public static final ThresholdPublicKey IC_MAINNET_ROOT_KEY =
      fromDer(
          Bytes.parseHex(
              "308182301d060d2b0601040182dc7c0503010201060c2b0601040182dc7c05030201036100"
                  + "814c0e6ec71fab583b08bd81373c255c3c371b2e84863c98a4f1e08b74235d14fb5d9c0c"
                  + "d546d9685f913a0c0b2cc5341583bf4b4392e467db96d65b9bb4cb717112f8472e0d5a4d"
                  + "14505ffd7484b01291091c5f87b98883463f98091a0baaae"));

  /** Validates the component. */
  public ThresholdPublicKey {
    Objects.requireNonNull(raw, "raw");
    if (raw.length() != LENGTH) {
      throw new MalformedEncodingException(
          "a threshold BLS public key is " + LENGTH + " bytes, got " + raw.length());
    }
  }

  /**
   * Parses the 133-byte DER form.
   *
   * @throws MalformedEncodingException if the length or the prefix (structure, algorithm OID,
   *     curve OID) is not the expected one; the message names the first differing byte
   */
  public static ThresholdPublicKey fromDer(byte[] der) {
    Objects.requireNonNull(der, "der");
    if (der.length != DER_LENGTH) {
      throw new MalformedEncodingException(
          "a DER BLS public key is " + DER_LENGTH + " bytes, got " + der.length);
    }
    int mismatch = Arrays.mismatch(der, 0, DER_PREFIX.length, DER_PREFIX, 0, DER_PREFIX.length);
    if (mismatch >= 0) {
      String part =
          mismatch < 4
              ? "the outer SEQUENCE"
              : mismatch < 21 ? "the algorithm OID (expected 1.3.6.1.4.1.44668.5.3.1.2.1)"
                  : mismatch < 35 ? "the curve OID (expected 1.3.6.1.4.1.44668.5.3.2.1)"
                      : "the BIT STRING header";
      throw new MalformedEncodingException(
          "DER BLS public key differs from the expected prefix at byte " + mismatch + ", in "
              + part);
    }
    return new ThresholdPublicKey(Bytes.of(der, DER_PREFIX.length, der.length));
  }

  /**
   * Parses a key given either in DER form (133 bytes) or raw (96 bytes).
   *
   * @throws MalformedEncodingException for any other length or a bad DER prefix
   */
  public static ThresholdPublicKey parse(byte[] derOrRaw) {
    Objects.requireNonNull(derOrRaw, "derOrRaw");
    if (derOrRaw.length == LENGTH) {
      return new ThresholdPublicKey(Bytes.of(derOrRaw));
    }
    if (derOrRaw.length == DER_LENGTH) {
      return fromDer(derOrRaw);
    }
    throw new MalformedEncodingException(
        "a BLS public key is " + LENGTH + " bytes raw or " + DER_LENGTH + " bytes DER, got "
            + derOrRaw.length);
  }

  /** The 133-byte DER form. */
  public Bytes toDer() {
    return Bytes.of(DER_PREFIX).concat(raw);
  }

  @Override
  public String toString() {
    return "ThresholdPublicKey(" + raw.toHex() + ")";
  }
}
