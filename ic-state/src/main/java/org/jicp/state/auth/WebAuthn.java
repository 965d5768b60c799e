package org.jicp.state.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.state.StateException;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;

/**
 * WebAuthn signatures (interface specification, "Web Authentication"; the IC's {@code
 * rs/validator/src/webauthn.rs} and {@code WebAuthnEnvelope}): the signature is CBOR {@code
 * {authenticator_data, client_data_json, signature}}; the authenticator signed {@code
 * authenticator_data ‖ SHA-256(client_data_json)} with the COSE key's inner key (ECDSA P-256 with
 * a DER signature, or RSA PKCS #1 v1.5 SHA-256); and the {@code challenge} of the client data
 * (a JSON object whose {@code type}, {@code challenge} and {@code origin} are strings) is the
 * base64url encoding, without padding, of the signed message.
 */
final class WebAuthn {
  private static final JsonFactory JSON = new JsonFactory();

  private WebAuthn() {}

  /** The inner key of a WebAuthn DER key. */
  static UserPublicKey innerKey(UserPublicKey webAuthnKey) {
    return CoseKey.parse(webAuthnKey.raw());
  }

  /**
   * Checks {@code signature} over {@code message} under the inner key.
   *
   * @return null when valid, else why not
   */
  static String verify(UserPublicKey inner, byte[] signature, byte[] message) {
    byte[] authenticatorData;
    byte[] clientDataJson;
    byte[] sig;
    try {
      Map<String, CborValue> m = Cbor.decode(signature, "WebAuthn signature").asMap("WebAuthn signature");
      authenticatorData = field(m, "authenticator_data");
      clientDataJson = field(m, "client_data_json");
      sig = field(m, "signature");
    } catch (StateException e) {
      return "WebAuthn signature CBOR parsing failed: " + e.getMessage();
    }
    byte[] basic;
    if (inner.algorithm() == SignatureAlgorithm.ECDSA_P256) {
      try {
        basic = UserPublicKey.ecdsaSignatureFromDer(sig); // DER-wrapped, as WebAuthn returns it
      } catch (InvalidEncodingException e) {
        return "failed to parse the ECDSA P-256 signature: " + e.getMessage();
      }
    } else if (inner.algorithm() == SignatureAlgorithm.RSA_PKCS1_SHA256) {
      basic = sig;
    } else {
      return "only ECDSA P-256 and RSA PKCS #1 v1.5 are supported for WebAuthn, got " + inner.algorithm();
    }
    String challenge;
    try {
      challenge = challenge(clientDataJson);
    } catch (InvalidEncodingException e) {
      return "ClientDataJSON parsing failed: " + e.getMessage();
    }
    byte[] decoded;
    try {
      if (challenge.indexOf('=') >= 0) {
        throw new IllegalArgumentException("padding");
      }
      decoded = Base64.getUrlDecoder().decode(challenge);
      if (!Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(challenge)) {
        throw new IllegalArgumentException("not the canonical encoding");
      }
    } catch (IllegalArgumentException e) {
      return "the challenge is not base64url without padding (" + e.getMessage() + ")";
    }
    byte[] signed = Arrays.copyOf(authenticatorData, authenticatorData.length + 32);
    System.arraycopy(Sha256.hash(clientDataJson), 0, signed, authenticatorData.length, 32);
    if (!inner.verify(signed, basic)) {
      return "the authenticator's signature does not verify under the " + inner.algorithm() + " key";
    }
    if (!Arrays.equals(decoded, message)) {
      return "the challenge in the client data is not the signed message";
    }
    return null;
  }

  /**
   * A blob field: a byte string, or a text string taken as its UTF-8 bytes (the IC's {@code Blob}
   * deserializes from both; the IC's own RSA test vector carries {@code client_data_json} as text).
   */
  private static byte[] field(Map<String, CborValue> m, String name) {
    CborValue v = m.get(name);
    if (v == null) {
      throw new StateException("missing field " + name);
    }
    if (v instanceof CborValue.Text t) {
      return t.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return v.asBytes("WebAuthn signature." + name);
  }

  /** The challenge of a client data JSON object, which must also have string type and origin. */
  static String challenge(byte[] json) {
    String type = null;
    String challenge = null;
    String origin = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEncodingException("expected a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        if (t != JsonToken.FIELD_NAME) {
          throw new InvalidEncodingException("malformed JSON object");
        }
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "type", "challenge", "origin" -> {
            if (v != JsonToken.VALUE_STRING) {
              throw new InvalidEncodingException("'" + name + "' must be a string");
            }
            String s = p.getText();
            String before = switch (name) {
              case "type" -> type;
              case "challenge" -> challenge;
              default -> origin;
            };
            if (before != null) {
              throw new InvalidEncodingException("duplicate field '" + name + "'");
            }
            switch (name) {
              case "type" -> type = s;
              case "challenge" -> challenge = s;
              default -> origin = s;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new InvalidEncodingException("trailing data after the JSON object");
      }
    } catch (IOException e) {
      throw new InvalidEncodingException("not JSON: " + e.getMessage(), e);
    }
    if (type == null || challenge == null || origin == null) {
      throw new InvalidEncodingException("missing field " + (type == null ? "type" : challenge == null ? "challenge" : "origin"));
    }
    return challenge;
  }
}
