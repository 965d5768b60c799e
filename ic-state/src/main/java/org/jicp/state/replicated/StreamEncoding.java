package org.jicp.state.replicated;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;

/**
 * The encodings of stream headers and stream messages in the certified state tree ({@code
 * /streams/<subnet>/header} and {@code messages/<index>}) and in certified stream slices. These are
 * <b>jicp's own</b> CBOR encodings (the IC's are CBOR of its Rust types, which jicp does not
 * reproduce): a stream is only ever read by another jicp subnet. Decoding is strict: every field
 * present, of the right type, nothing else; failures are {@link MalformedEncodingException}s.
 *
 * <pre>
 * header   = {begin: uint, end: uint, signals_end: uint, reject_signals: [[index: uint, reason: uint]*]}
 *            (reject signals in increasing index order, each below signals_end; reason: {@link RejectReason#code()})
 * request  = {type: "request", receiver: bytes, sender: bytes, callback: uint, payment: bytes,
 *             method: text, arg: bytes, deadline: uint}
 * response = {type: "response", originator: bytes, respondent: bytes, callback: uint,
 *             refund: bytes, reply: bytes, deadline: uint}
 *          | {type: "response", …, reject_code: uint, reject_message: text, error_code: text?}
 * </pre>
 * (cycles are unsigned big-endian bytes without leading zeros.)
 */
public final class StreamEncoding {
  private StreamEncoding() {}

  /** A decoded stream header. */
  public record Header(long begin, long end, long signalsEnd,
      SortedMap<Long, RejectReason> rejectSignals) {}

  /** The header of {@code s}. */
  public static Bytes encodeHeader(Stream s) {
    Cbor.Writer w = new Cbor.Writer().startMap(4);
    w.key("begin").uint(s.begin()).key("end").uint(s.end()).key("signals_end")
        .uint(s.signalsEnd()).key("reject_signals").startArray(s.rejectSignals().size());
    for (Map.Entry<Long, RejectReason> r : s.rejectSignals().entrySet()) {
      w.startArray(2).uint(r.getKey()).uint(r.getValue().code()).endArray();
    }
    return Bytes.of(w.endArray().endMap().toByteArray());
  }

  /** Decodes a header. */
  public static Header decodeHeader(byte[] b) {
    Map<String, CborValue> m = strict(Cbor.decode(b, "stream header").asMap("stream header"),
        "stream header", "begin", "end", "signals_end", "reject_signals");
    long begin = m.get("begin").asUnsignedLong("begin");
    long end = m.get("end").asUnsignedLong("end");
    if (end < begin) {
      throw new MalformedEncodingException("stream header: end " + end + " < begin " + begin);
    }
    long signalsEnd = m.get("signals_end").asUnsignedLong("signals_end");
    TreeMap<Long, RejectReason> rejects = new TreeMap<>();
    long last = -1;
    for (CborValue v : m.get("reject_signals").asArray("reject_signals")) {
      List<CborValue> pair = v.asArray("reject signal");
      if (pair.size() != 2) {
        throw new MalformedEncodingException("stream header: a reject signal is [index, reason]");
      }
      long index = pair.get(0).asUnsignedLong("reject signal index");
      long reason = pair.get(1).asUnsignedLong("reject signal reason");
      if (index <= last || index >= signalsEnd) {
        throw new MalformedEncodingException("stream header: reject signal " + index
            + " out of order or not below signals_end " + signalsEnd);
      }
      if (reason < 1 || reason > RejectReason.values().length) {
        throw new MalformedEncodingException("stream header: reject reason " + reason);
      }
      rejects.put(index, RejectReason.of(reason));
      last = index;
    }
    return new Header(begin, end, signalsEnd, rejects);
  }

  /** The encoding of a stream message. */
  public static Bytes encodeMessage(CanisterMessage.StreamMessage msg) {
    Cbor.Writer w = new Cbor.Writer();
    if (msg instanceof CanisterMessage.Request r) {
      w.startMap(8).key("type").text("request").key("receiver").bytes(r.receiver().toByteArray())
          .key("sender").bytes(r.sender().toByteArray()).key("callback").uint(r.senderCallbackId())
          .key("payment").bytes(u128(r.payment())).key("method").text(r.methodName())
          .key("arg").bytes(r.methodPayload().toByteArray()).key("deadline")
          .uint(r.deadlineNanos()).endMap();
    } else {
      CanisterMessage.Response r = (CanisterMessage.Response) msg;
      boolean reply = r.payload() instanceof ResponsePayload.Reply;
      Optional<ErrorCode> ec = r.payload() instanceof ResponsePayload.Reject j ? j.errorCode()
          : Optional.empty();
      w.startMap(reply ? 7 : 8 + (ec.isPresent() ? 1 : 0)).key("type").text("response")
          .key("originator").bytes(r.originator().toByteArray()).key("respondent")
          .bytes(r.respondent().toByteArray()).key("callback").uint(r.originatorCallbackId())
          .key("refund").bytes(u128(r.refund()));
      if (r.payload() instanceof ResponsePayload.Reply p) {
        w.key("reply").bytes(p.data().toByteArray());
      } else {
        ResponsePayload.Reject j = (ResponsePayload.Reject) r.payload();
        w.key("reject_code").uint(j.code().code()).key("reject_message").text(j.message());
        if (ec.isPresent()) {
          w.key("error_code").text(ec.get().text());
        }
      }
      w.key("deadline").uint(r.deadlineNanos()).endMap();
    }
    return Bytes.of(w.toByteArray());
  }

  /** Decodes a stream message. */
  public static CanisterMessage.StreamMessage decodeMessage(byte[] b) {
    Map<String, CborValue> m = Cbor.decode(b, "stream message").asMap("stream message");
    CborValue type = m.get("type");
    if (!(type instanceof CborValue.Text t)) {
      throw new MalformedEncodingException("stream message: no type");
    }
    try {
      if (t.value().equals("request")) {
        strict(m, "request", "type", "receiver", "sender", "callback", "payment", "method", "arg",
            "deadline");
        return new CanisterMessage.Request(
            CanisterId.fromBytes(m.get("receiver").asBytes("receiver")),
            CanisterId.fromBytes(m.get("sender").asBytes("sender")),
            m.get("callback").asUnsignedLong("callback"), cycles(m.get("payment")),
            text(m.get("method"), "method"), Bytes.of(m.get("arg").asBytes("arg")),
            m.get("deadline").asUnsignedLong("deadline"));
      }
      if (!t.value().equals("response")) {
        throw new MalformedEncodingException("stream message: unknown type " + t.value());
      }
      ResponsePayload payload;
      if (m.containsKey("reply")) {
        strict(m, "response", "type", "originator", "respondent", "callback", "refund", "reply",
            "deadline");
        payload = new ResponsePayload.Reply(Bytes.of(m.get("reply").asBytes("reply")));
      } else {
        Optional<ErrorCode> ec = Optional.empty();
        if (m.containsKey("error_code")) {
          strict(m, "response", "type", "originator", "respondent", "callback", "refund",
              "reject_code", "reject_message", "error_code", "deadline");
          ec = Optional.of(ErrorCode.fromText(text(m.get("error_code"), "error_code")));
        } else {
          strict(m, "response", "type", "originator", "respondent", "callback", "refund",
              "reject_code", "reject_message", "deadline");
        }
        long code = m.get("reject_code").asUnsignedLong("reject_code");
        if (code < 1 || code > 6) {
          throw new MalformedEncodingException("response: reject code " + code);
        }
        payload = new ResponsePayload.Reject(RejectCode.of((int) code),
            text(m.get("reject_message"), "reject_message"), ec);
      }
      return new CanisterMessage.Response(
          CanisterId.fromBytes(m.get("originator").asBytes("originator")),
          CanisterId.fromBytes(m.get("respondent").asBytes("respondent")),
          m.get("callback").asUnsignedLong("callback"), cycles(m.get("refund")), payload,
          m.get("deadline").asUnsignedLong("deadline"));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new MalformedEncodingException("stream message: " + e.getMessage(), e);
    }
  }

  private static Map<String, CborValue> strict(Map<String, CborValue> m, String what,
      String... keys) {
    if (m.size() != keys.length) {
      throw new MalformedEncodingException(what + ": expected fields " + List.of(keys) + ", got "
          + m.keySet());
    }
    for (String k : keys) {
      if (!m.containsKey(k)) {
        throw new MalformedEncodingException(what + ": missing field " + k);
      }
    }
    return m;
  }

  private static String text(CborValue v, String what) {
    if (v instanceof CborValue.Text t) {
      return t.value();
    }
    throw new MalformedEncodingException(what + ": expected text, got " + v.kind());
  }

  private static byte[] u128(Cycles c) {
    byte[] b = c.value().toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = java.util.Arrays.copyOfRange(b, 1, b.length);
    }
    return c.value().signum() == 0 ? new byte[0] : b;
  }

  private static Cycles cycles(CborValue v) {
    byte[] b = v.asBytes("cycles");
    if (b.length > 16 || (b.length > 0 && b[0] == 0)) {
      throw new MalformedEncodingException("cycles: not a minimal u128");
    }
    return new Cycles(new BigInteger(1, b));
  }

  /** The stream messages of {@code s} with their indices. */
  public static List<Map.Entry<Long, Bytes>> encodeMessages(Stream s) {
    List<Map.Entry<Long, Bytes>> out = new ArrayList<>(s.messages().size());
    long i = s.begin();
    for (CanisterMessage.StreamMessage m : s.messages()) {
      out.add(Map.entry(i++, encodeMessage(m)));
    }
    return out;
  }
}
