package org.jicp.replica.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jicp.crypto.Bytes;

/**
 * The representation-independent hash of a replied query response, {@code {status: "replied",
 * reply: {arg}, timestamp, request_id}} (interface specification, "Signed query responses"),
 * computed directly: the key hashes, the hash of {@code "replied"} and the fields' order (by key
 * hash) are constants, so a response costs five SHA-256 computations (the argument, the reply
 * map, the timestamp, the request id, the whole) instead of eleven and no maps. Equal to {@link
 * org.jicp.state.RepresentationIndependentHash#hashOfMap} of that map (checked by {@code
 * QueryResponseHashTest} on random values).
 */
final class QueryResponseHash {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  });

  private static final byte[] H_ARG = sha(utf8("arg"));
  private static final int STATUS = 0;
  private static final int REPLY = 1;
  private static final int TIMESTAMP = 2;
  private static final int REQUEST_ID = 3;
  private static final byte[][] KEY_HASHES = {sha(utf8("status")), sha(utf8("reply")),
      sha(utf8("timestamp")), sha(utf8("request_id"))};
  private static final byte[] H_REPLIED = sha(utf8("replied"));
  /** The fields in the order of their key hashes (the order of the hashed pairs). */
  private static final int[] ORDER = order();

  private QueryResponseHash() {}

  private static int[] order() {
    Integer[] o = {STATUS, REPLY, TIMESTAMP, REQUEST_ID};
    Arrays.sort(o, (a, b) -> Arrays.compareUnsigned(KEY_HASHES[a], KEY_HASHES[b]));
    return Arrays.stream(o).mapToInt(Integer::intValue).toArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest digest() {
    MessageDigest d = SHA256.get();
    d.reset();
    return d;
  }

  private static byte[] sha(byte[] b) {
    return digest().digest(b);
  }

  /** The hash of the {@code reply} map {@code {arg}}. */
  static byte[] replyHash(Bytes arg) {
    byte[] argHash = sha(arg.toByteArray());
    MessageDigest d = digest();
    d.update(H_ARG);
    d.update(argHash);
    return d.digest();
  }

  /** The hash of {@code {status: "replied", reply, timestamp, request_id}}. */
  static Bytes replied(byte[] replyHash, long timestampNanos, Bytes requestId) {
    if (timestampNanos < 0) {
      throw new IllegalArgumentException("a timestamp is a natural: " + timestampNanos);
    }
    byte[][] values = new byte[4][];
    values[STATUS] = H_REPLIED;
    values[REPLY] = replyHash;
    values[TIMESTAMP] = sha(leb128(timestampNanos));
    values[REQUEST_ID] = sha(requestId.toByteArray());
    MessageDigest d = digest();
    for (int f : ORDER) {
      d.update(KEY_HASHES[f]);
      d.update(values[f]);
    }
    return Bytes.of(d.digest());
  }

  /** Unsigned LEB128 of a non-negative {@code v}. */
  static byte[] leb128(long v) {
    byte[] buf = new byte[10];
    int n = 0;
    do {
      byte b = (byte) (v & 0x7F);
      v >>>= 7;
      if (v != 0) {
        b |= (byte) 0x80;
      }
      buf[n++] = b;
    } while (v != 0);
    return Arrays.copyOf(buf, n);
  }
}
