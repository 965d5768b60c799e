package org.jicp.replica.node;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.types.CanisterId;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.Time;

/**
 * The ingress envelope as blocks carry it (interface specification, "Envelope", "Request ids"):
 * the CBOR map {@code {content, sender_pubkey?, sender_sig?, sender_delegation?}} whose {@code
 * content} is a call ({@code request_type = "call"}). Decoding gives the {@link
 * CanisterMessage.Ingress} that execution inducts, with the request id as message id and, for
 * calls to the management canister, the {@code canister_id} of the argument as effective canister
 * id (as the IC derives it). Encoding builds unsigned envelopes for the replica's own API.
 * Authentication is not checked here: it was checked when the message entered the ingress pool.
 */
public final class IngressCodec {
  private static final CBORFactory CBOR = new CBORFactory();
  private static final int MAX_DEPTH = 32;

  private IngressCodec() {}

  /** A decoded envelope: the message and its content map (for the request id). */
  public record Decoded(CanisterMessage.Ingress ingress, Map<String, Object> content) {}

  /** Thrown for an envelope that is not a well-formed call. */
  public static final class MalformedIngressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedIngressException(String message) {
      super(message);
    }
  }

  /** Decodes {@code m}'s content; the message id must be the content's request id. */
  public static CanisterMessage.Ingress decode(IngressMessage m) {
    Decoded d = decode(m.content().toByteArray());
    if (!d.ingress().messageId().equals(m.messageId())) {
      throw new MalformedIngressException("message id " + m.messageId()
          + " is not the request id of its content");
    }
    return d.ingress();
  }

  /** Decodes an envelope. */
  public static Decoded decode(byte[] envelope) {
    Object top;
    try (JsonParser p = CBOR.createParser(envelope)) {
      p.nextToken();
      top = value(p, 0);
      if (p.nextToken() != null) {
        throw new MalformedIngressException("trailing bytes after the envelope");
      }
    } catch (IOException e) {
      throw new MalformedIngressException("not CBOR: " + e.getMessage());
    }
    if (!(top instanceof Map<?, ?> env) || !(env.get("content") instanceof Map<?, ?> c)) {
      throw new MalformedIngressException("the envelope has no content map");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) c;
    if (!"call".equals(content.get("request_type"))) {
      throw new MalformedIngressException("request_type is not \"call\"");
    }
    byte[] canister = bytes(content, "canister_id");
    String method = text(content, "method_name");
    byte[] arg = bytes(content, "arg");
    byte[] sender = bytes(content, "sender");
    Object expiry = content.get("ingress_expiry");
    long exp;
    if (expiry instanceof Long l && l >= 0) {
      exp = l;
    } else if (expiry instanceof BigInteger b && b.signum() >= 0 && b.bitLength() <= 63) {
      exp = b.longValue();
    } else {
      throw new MalformedIngressException("ingress_expiry is not a natural below 2^63");
    }
    MessageId id = RepresentationIndependentHash.requestId(content);
    CanisterId receiver;
    Principal from;
    try {
      receiver = CanisterId.fromBytes(canister);
      from = Principal.fromBytes(sender);
    } catch (IllegalArgumentException | org.jicp.crypto.InvalidEncodingException e) {
      throw new MalformedIngressException("bad principal: " + e.getMessage());
    }
    CanisterId effective = receiver;
    if (receiver.principal().toByteArray().length == 0) {
      effective = effectiveOfManagementCall(arg).orElse(receiver);
    }
    return new Decoded(new CanisterMessage.Ingress(id, from, receiver, effective, method,
        Bytes.of(arg), exp), content);
  }

  /** The record field {@code canister_id} of a management call's argument, if it has one. */
  public static Optional<CanisterId> effectiveOfManagementCall(byte[] arg) {
    record WithCanisterId(
        @org.jicp.candid.mapping.CandidName("canister_id") Optional<Principal> canisterId,
        @org.jicp.candid.mapping.CandidName("target_canister") Optional<Principal> target) {}
    try {
      WithCanisterId w = CandidMapper.standard().decode(arg, WithCanisterId.class);
      return w.canisterId().or(w::target).map(CanisterId::new);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static byte[] bytes(Map<String, Object> m, String k) {
    if (m.get(k) instanceof byte[] b) {
      return b;
    }
    throw new MalformedIngressException(k + " is missing or not a byte string");
  }

  private static String text(Map<String, Object> m, String k) {
    if (m.get(k) instanceof String s) {
      return s;
    }
    throw new MalformedIngressException(k + " is missing or not a text string");
  }

  private static Object value(JsonParser p, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new MalformedIngressException("nested too deeply");
    }
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new MalformedIngressException("truncated");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          if (p.currentToken() != JsonToken.FIELD_NAME) {
            throw new MalformedIngressException("map keys must be text");
          }
          String k = p.currentName();
          p.nextToken();
          if (m.put(k, value(p, depth + 1)) != null) {
            throw new MalformedIngressException("duplicate key " + k);
          }
        }
        return m;
      }
      case START_ARRAY -> {
        java.util.List<Object> l = new java.util.ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p, depth + 1));
        }
        return l;
      }
      case VALUE_EMBEDDED_OBJECT -> {
        return p.getBinaryValue();
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          BigInteger b = p.getBigIntegerValue();
          if (b.signum() < 0) {
            // below -2^63, or a negative bignum (tag 3): the request id hashes naturals only
            throw new MalformedIngressException("negative integer");
          }
          return b;
        }
        long v = p.getLongValue();
        if (v < 0) {
          throw new MalformedIngressException("negative integer");
        }
        return v;
      }
      default -> throw new MalformedIngressException("unexpected CBOR item " + t);
    }
  }

  /**
   * An unsigned envelope of a call from {@code sender} (the replica's own API: trusted callers in
   * the same process), with the self-describing tag, as agents send it.
   */
  public static IngressMessage encode(Principal sender, CanisterId canister, String method,
      Bytes arg, long expiryNanos, Bytes nonce) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("request_type", "call");
    content.put("canister_id", canister.toByteArray());
    content.put("method_name", method);
    content.put("arg", arg.toByteArray());
    content.put("sender", sender.toByteArray());
    content.put("ingress_expiry", expiryNanos);
    content.put("nonce", nonce.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      g.writeTag(55799);
      g.writeStartObject(1);
      g.writeFieldName("content");
      g.writeStartObject(content.size());
      for (Map.Entry<String, Object> e : content.entrySet()) {
        g.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v instanceof byte[] b) {
          g.writeBinary(b);
        } else if (v instanceof String s) {
          g.writeString(s);
        } else {
          g.writeNumber((Long) v);
        }
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    MessageId id = RepresentationIndependentHash.requestId(content);
    return new IngressMessage(id, Time.ofNanos(expiryNanos), Bytes.of(out.toByteArray()));
  }
}
