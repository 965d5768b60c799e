package org.jicp.state.auth;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.UserPublicKey;

/**
 * The COSE public key inside a WebAuthn DER key (RFC 8152 §7, §13; interface specification,
 * "Web Authentication"), parsed as the IC's {@code ic-crypto-internal-basic-sig-cose} parses it:
 *
 * <ul>
 *   <li>a CBOR map with integer labels; {@code kty} (1) and {@code alg} (3) required;
 *   <li>{@code kty} 2 (EC2) with {@code alg} −7 (ES256): {@code crv} (−1) must be 1 (P-256), {@code
 *       x} (−2) and {@code y} (−3) byte strings of exactly 32 bytes;
 *   <li>{@code kty} 3 (RSA) with {@code alg} −257 (RS256): {@code n} (−1) and {@code e} (−2) byte
 *       strings, under the IC's RSA key rules;
 *   <li>{@code key_ops} (4), when present, must be the text {@code "verify"};
 *   <li>anything else is not supported (Ed25519 COSE keys included: the IC's parser has no case
 *       for them).
 * </ul>
 *
 * <p>The CBOR reader is this class's own and strict: definite lengths only, shortest-form heads
 * are not required (as serde_cbor), nesting at most {@value #MAX_DEPTH}, no duplicate labels at
 * the top level, no trailing bytes.
 */
final class CoseKey {
  static final int MAX_DEPTH = 16;

  private static final BigInteger KTY = BigInteger.ONE;
  private static final BigInteger ALG = BigInteger.valueOf(3);
  private static final BigInteger KEY_OPS = BigInteger.valueOf(4);
  private static final BigInteger EC2 = BigInteger.TWO;
  private static final BigInteger RSA = BigInteger.valueOf(3);
  private static final BigInteger ES256 = BigInteger.valueOf(-7);
  private static final BigInteger RS256 = BigInteger.valueOf(-257);
  private static final BigInteger P256 = BigInteger.ONE;
  private static final BigInteger MINUS_1 = BigInteger.valueOf(-1);
  private static final BigInteger MINUS_2 = BigInteger.valueOf(-2);
  private static final BigInteger MINUS_3 = BigInteger.valueOf(-3);

  private CoseKey() {}

  /**
   * The ECDSA P-256 or RSA key of a COSE key.
   *
   * @throws InvalidEncodingException naming what is malformed or not supported
   */
  static UserPublicKey parse(byte[] cose) {
    Object v = new Reader(cose).readTop();
    if (!(v instanceof Map<?, ?> fields)) {
      throw new InvalidEncodingException("COSE key: expected a CBOR map, got " + kind(v));
    }
    Object kty = fields.get(KTY);
    Object alg = fields.get(ALG);
    if (kty == null || alg == null) {
      throw new InvalidEncodingException("COSE key: kty (1) and alg (3) are required");
    }
    if (EC2.equals(kty) && ES256.equals(alg)) {
      checkKeyOps(fields);
      Object crv = fields.get(MINUS_1);
      if (crv == null) {
        throw new InvalidEncodingException("COSE EC2 key: crv (-1) is required");
      }
      if (!P256.equals(crv)) {
        throw new InvalidEncodingException("COSE EC2 key: curve " + crv + " is not supported (only P-256, 1)");
      }
      if (!(fields.get(MINUS_2) instanceof byte[] x) || !(fields.get(MINUS_3) instanceof byte[] y)) {
        throw new InvalidEncodingException("COSE EC2 key: x (-2) and y (-3) must be byte strings");
      }
      if (x.length != 32 || y.length != 32) {
        throw new InvalidEncodingException(
            "COSE EC2 key: x and y must be 32 bytes each (RFC 8152 §13.1.1), got " + x.length + " and " + y.length);
      }
      byte[] sec1 = new byte[65];
      sec1[0] = 0x04;
      System.arraycopy(x, 0, sec1, 1, 32);
      System.arraycopy(y, 0, sec1, 33, 32);
      return UserPublicKey.ecdsa(SignatureAlgorithm.ECDSA_P256, sec1);
    }
    if (RSA.equals(kty) && RS256.equals(alg)) {
      checkKeyOps(fields);
      if (!(fields.get(MINUS_1) instanceof byte[] n) || !(fields.get(MINUS_2) instanceof byte[] e)) {
        throw new InvalidEncodingException("COSE RSA key: n (-1) and e (-2) must be byte strings");
      }
      return UserPublicKey.rsaPkcs1Sha256(n, e);
    }
    throw new InvalidEncodingException(
        "COSE key: kty " + kty + " with alg " + alg + " is not supported (EC2/ES256 and RSA/RS256 are)");
  }

  private static void checkKeyOps(Map<?, ?> fields) {
    Object ops = fields.get(KEY_OPS);
    if (ops != null && !"verify".equals(ops)) {
      throw new InvalidEncodingException("COSE key: key_ops (4) must be \"verify\" when present");
    }
  }

  private static String kind(Object v) {
    if (v instanceof BigInteger) {
      return "an integer";
    } else if (v instanceof byte[]) {
      return "a byte string";
    } else if (v instanceof String) {
      return "a text string";
    } else if (v instanceof List) {
      return "an array";
    } else if (v instanceof Map) {
      return "a map";
    }
    return "a simple value";
  }

  /** A strict reader of definite-length CBOR items into Java values. */
  private static final class Reader {
    private final byte[] in;
    private int pos;

    Reader(byte[] in) {
      this.in = in;
    }

    Object readTop() {
      Object v = read(0);
      if (pos != in.length) {
        throw new InvalidEncodingException("COSE key: " + (in.length - pos) + " trailing bytes after the CBOR item");
      }
      return v;
    }

    private int next() {
      if (pos >= in.length) {
        throw new InvalidEncodingException("COSE key: CBOR ends early at byte " + pos);
      }
      return in[pos++] & 0xff;
    }

    private BigInteger argument(int info) {
      if (info < 24) {
        return BigInteger.valueOf(info);
      }
      int n;
      switch (info) {
        case 24 -> n = 1;
        case 25 -> n = 2;
        case 26 -> n = 4;
        case 27 -> n = 8;
        default -> throw new InvalidEncodingException(
            "COSE key: CBOR additional information " + info + " at byte " + (pos - 1)
                + (info == 31 ? " (indefinite lengths are not accepted)" : " is reserved"));
      }
      BigInteger v = BigInteger.ZERO;
      for (int i = 0; i < n; i++) {
        v = v.shiftLeft(8).or(BigInteger.valueOf(next()));
      }
      return v;
    }

    private int length(int info) {
      BigInteger n = argument(info);
      if (n.compareTo(BigInteger.valueOf(in.length - pos)) > 0) {
        throw new InvalidEncodingException("COSE key: a CBOR length of " + n + " exceeds the input");
      }
      return n.intValueExact();
    }

    private Object read(int depth) {
      if (depth > MAX_DEPTH) {
        throw new InvalidEncodingException("COSE key: CBOR nested deeper than " + MAX_DEPTH);
      }
      int head = next();
      int major = head >>> 5;
      int info = head & 0x1f;
      switch (major) {
        case 0:
          return argument(info);
        case 1:
          return BigInteger.ONE.negate().subtract(argument(info));
        case 2: {
          int n = length(info);
          byte[] b = Arrays.copyOfRange(in, pos, pos + n);
          pos += n;
          return b;
        }
        case 3: {
          int n = length(info);
          try {
            String s = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(in, pos, n)).toString();
            pos += n;
            return s;
          } catch (CharacterCodingException e) {
            throw new InvalidEncodingException("COSE key: a CBOR text string is not UTF-8", e);
          }
        }
        case 4: {
          int n = length(info); // each item is at least one byte: bounded by the input
          List<Object> items = new ArrayList<>(Math.min(n, 64));
          for (int i = 0; i < n; i++) {
            items.add(read(depth + 1));
          }
          return items;
        }
        case 5: {
          int n = length(info);
          Map<Object, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            Object k = read(depth + 1);
            Object v = read(depth + 1);
            if (k instanceof byte[] || k instanceof List || k instanceof Map) {
              k = new Opaque(); // labels of other kinds are never looked up
            }
            if (m.put(k, v) != null) {
              throw new InvalidEncodingException("COSE key: the label " + k + " appears twice");
            }
          }
          return m;
        }
        case 6:
          argument(info); // a tag: the item it qualifies stands for itself
          return read(depth + 1);
        default: // 7: simple values and floats
          if (info < 24) {
            return new Opaque();
          }
          if (info >= 24 && info <= 27) {
            pos += 1 << (info - 24);
            if (pos > in.length) {
              throw new InvalidEncodingException("COSE key: CBOR ends early");
            }
            return new Opaque();
          }
          throw new InvalidEncodingException("COSE key: unexpected CBOR break or reserved simple value");
      }
    }
  }

  /** A value that compares equal to nothing else. */
  private static final class Opaque {
    @Override
    public String toString() {
      return "(other)";
    }
  }
}
