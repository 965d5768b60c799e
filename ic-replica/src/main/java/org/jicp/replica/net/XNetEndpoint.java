package org.jicp.replica.net;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.node.XNet;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.replicated.Stream;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;

/**
 * The XNet endpoint of a testnet node (dfinity/ic {@code rs/xnet/endpoint}): serves the node's
 * subnet's outgoing streams, cut from its latest certified state by {@link XNet#slice}, to the
 * nodes of the receiving subnets.
 *
 * <pre>
 * GET /api/v1/stream/&lt;receiver subnet id&gt;[?index=N][&amp;msg_limit=M][&amp;byte_limit=B]
 * </pre>
 *
 * <p>({@code msg_begin} is accepted for {@code index}, as the IC does.) Answers: 200 with the
 * certified slice ({@link #encode}, content type {@link #CONTENT_TYPE}) holding at most {@code
 * msg_limit} (≤ {@link XNet#MAX_MESSAGES_PER_SLICE}) messages from {@code index} (default: the
 * stream's begin) and, when {@code byte_limit} is given, fewer messages until the encoding fits
 * (the header alone always goes); 204 when this subnet has no stream to the receiver (or no
 * certified state yet); 400 for a malformed subnet id or parameter; 416 when {@code index} is
 * outside {@code [begin, end]} of the certified stream (already garbage-collected, or ahead of
 * this node); 405 for other methods; 404 for other paths — the IC's status codes.
 *
 * <p>The slice is self-authenticating (the receiver checks the witness against the subnet's
 * threshold signature and that against the registry's key), so the endpoint runs on the node's
 * plain HTTP port rather than on a second, TLS-authenticated one as on the IC: a forging or
 * lying server can only make the receiver refuse its answer.
 */
public final class XNetEndpoint {
  /** The path prefix. */
  public static final String PREFIX = "/api/v1/stream/";
  /** The content type of a 200 answer. */
  public static final String CONTENT_TYPE = "application/x-jicp-certified-stream-slice";
  private static final byte[] MAGIC = "JXS1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_SIGNATURE = 1_024;

  private final Supplier<Optional<ReplicatedStateManager.Entry>> certified;

  /** An endpoint over the latest certified state that {@code certified} returns. */
  public XNetEndpoint(Supplier<Optional<ReplicatedStateManager.Entry>> certified) {
    this.certified = certified;
  }

  /** Whether {@code path} (without query) is this endpoint's. */
  public static boolean handles(String path) {
    return path.startsWith(PREFIX);
  }

  /** Answers {@code method uri}. */
  public IcHttpApi.Answer handle(String method, String uri) {
    String[] pq = uri.split("\\?", 2);
    if (!handles(pq[0])) {
      return text(404, "not found: " + pq[0]);
    }
    if (!"GET".equals(method)) {
      return text(405, "only GET is served at " + PREFIX);
    }
    SubnetId receiver;
    try {
      receiver = new SubnetId(Principal.fromText(pq[0].substring(PREFIX.length())));
    } catch (RuntimeException e) {
      return text(400, "invalid subnet id in " + pq[0] + ": " + e.getMessage());
    }
    long index = -1;
    int msgLimit = XNet.MAX_MESSAGES_PER_SLICE;
    long byteLimit = Long.MAX_VALUE;
    if (pq.length == 2 && !pq[1].isEmpty()) {
      for (String kv : pq[1].split("&", -1)) {
        String[] p = kv.split("=", 2);
        long v;
        try {
          v = p.length == 2 ? Long.parseLong(p[1]) : -1;
        } catch (NumberFormatException e) {
          v = -1;
        }
        if (v < 0) {
          return text(400, "invalid query parameter: " + kv);
        }
        switch (p[0]) {
          case "index", "msg_begin" -> index = v;
          case "msg_limit" -> msgLimit = (int) Math.min(v, XNet.MAX_MESSAGES_PER_SLICE);
          case "byte_limit" -> byteLimit = v;
          default -> {
            return text(400, "unexpected query parameter: " + p[0]);
          }
        }
      }
    }
    Optional<ReplicatedStateManager.Entry> e = certified.get();
    if (e.isEmpty()) {
      return new IcHttpApi.Answer(204, "text/plain", new byte[0]);
    }
    Stream s = e.get().state().metadata().streams().get(receiver);
    if (s == null) {
      return new IcHttpApi.Answer(204, "text/plain", new byte[0]);
    }
    long from = index < 0 ? s.begin() : index;
    if (from < s.begin() || from > s.end()) {
      return text(416, "index " + from + " is outside the certified stream [" + s.begin() + ", "
          + s.end() + "] at height " + e.get().height());
    }
    int limit = msgLimit;
    while (true) {
      Bytes body = encode(XNet.slice(e.get(), receiver, from, limit).orElseThrow());
      if (body.length() <= byteLimit || limit == 0) {
        return new IcHttpApi.Answer(200, CONTENT_TYPE, body.toByteArray());
      }
      limit /= 2;
    }
  }

  private static IcHttpApi.Answer text(int status, String message) {
    return new IcHttpApi.Answer(status, "text/plain",
        message.getBytes(StandardCharsets.UTF_8));
  }

  /** Thrown for bytes that are not an encoded slice. */
  public static final class MalformedSliceException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedSliceException(String message) {
      super(message);
    }
  }

  /**
   * Encodes a certified slice (jicp's own format): {@code "JXS1" ‖ u32 len ‖ payload ‖ u32 len ‖
   * witness ‖ u64 certified height ‖ root hash (32) ‖ u32 len ‖ signature ‖ u32 len ‖ signer
   * principal}, integers big-endian.
   */
  public static Bytes encode(CertifiedStreamSlice s) {
    Certification c = s.certification();
    byte[] signer = c.signer().principal().bytes().toByteArray();
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + s.payload().length() + 4
        + s.merkleProof().length() + 8 + 32 + 4 + c.signature().length() + 4 + signer.length);
    b.put(MAGIC);
    b.putInt(s.payload().length()).put(s.payload().toByteArray());
    b.putInt(s.merkleProof().length()).put(s.merkleProof().toByteArray());
    b.putLong(c.height().value()).put(c.rootHash().toByteArray());
    b.putInt(c.signature().length()).put(c.signature().toByteArray());
    b.putInt(signer.length).put(signer);
    return Bytes.of(b.array());
  }

  /**
   * Decodes {@link #encode}'s format strictly (every length within the input, nothing after).
   *
   * @throws MalformedSliceException if the bytes are not such an encoding
   */
  public static CertifiedStreamSlice decode(byte[] bytes) throws MalformedSliceException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new MalformedSliceException("not a certified stream slice (magic)");
      }
      byte[] payload = chunk(in, Integer.MAX_VALUE, "payload");
      byte[] witness = chunk(in, Integer.MAX_VALUE, "witness");
      long height = in.getLong();
      if (height < 0) {
        throw new MalformedSliceException("negative certified height");
      }
      byte[] root = new byte[32];
      in.get(root);
      byte[] signature = chunk(in, MAX_SIGNATURE, "signature");
      byte[] signer = chunk(in, Principal.MAX_LENGTH, "signer");
      if (in.hasRemaining()) {
        throw new MalformedSliceException(in.remaining() + " bytes after the slice");
      }
      return new CertifiedStreamSlice(Bytes.of(payload), Bytes.of(witness),
          new Certification(Height.of(height), Bytes.of(root), Bytes.of(signature),
              new SubnetId(Principal.fromBytes(signer))));
    } catch (BufferUnderflowException e) {
      throw new MalformedSliceException("truncated at byte " + in.position());
    } catch (IllegalArgumentException e) {
      throw new MalformedSliceException(e.getMessage());
    }
  }

  private static byte[] chunk(ByteBuffer in, int max, String what) throws MalformedSliceException {
    int n = in.getInt();
    if (n < 0 || n > max || n > in.remaining()) {
      throw new MalformedSliceException("the " + what + " length " + Integer.toUnsignedString(n)
          + " exceeds the input or the limit");
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }
}
