package org.jicp.consensus.internal;

import org.jicp.consensus.MalformedArtifactException;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.nidkg.Dealing;
import org.jicp.crypto.nidkg.NiDkgProtobuf;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.threshold.PublicCoefficients;

/**
 * The bytes of NI-DKG dealings and transcripts inside consensus artifacts: ic-crypto's strict
 * protobuf encoding ({@link NiDkgProtobuf}), with one leading byte on transcripts that says what
 * follows — {@value #GENESIS} for a trusted-dealer genesis key (its public coefficients only; the
 * shares were handed out at setup), {@value #NIDKG} for an NI-DKG transcript (public coefficients
 * and the receivers' ciphertexts). Decoding failures become {@link MalformedArtifactException}.
 */
public final class NiDkgCodec {
  /** Transcript kind: public coefficients of a trusted-dealer genesis key. */
  public static final byte GENESIS = 1;
  /** Transcript kind: an NI-DKG transcript. */
  public static final byte NIDKG = 2;

  private NiDkgCodec() {}

  /** A decoded transcript: its public coefficients and, for an NI-DKG one, the transcript. */
  public record DecodedTranscript(PublicCoefficients coefficients, Transcript transcript) {}

  /** The bytes of a genesis transcript. */
  public static Bytes genesisTranscript(PublicCoefficients c) {
    return Bytes.of(GENESIS).concat(Bytes.of(NiDkgProtobuf.encode(c)));
  }

  /** The bytes of an NI-DKG transcript. */
  public static Bytes transcript(Transcript t) {
    return Bytes.of(NIDKG).concat(Bytes.of(NiDkgProtobuf.encode(t)));
  }

  /** The bytes of a dealing. */
  public static Bytes dealing(Dealing d) {
    return Bytes.of(NiDkgProtobuf.encode(d));
  }

  /** A transcript. */
  public static DecodedTranscript decodeTranscript(Bytes b) {
    if (b.isEmpty()) {
      throw new MalformedArtifactException("an empty transcript");
    }
    byte[] body = b.slice(1, b.length()).toByteArray();
    try {
      return switch (b.get(0)) {
        case GENESIS -> new DecodedTranscript(NiDkgProtobuf.decodePublicCoefficients(body), null);
        case NIDKG -> {
          Transcript t = NiDkgProtobuf.decodeTranscript(body);
          yield new DecodedTranscript(t.publicCoefficients(), t);
        }
        default -> throw new MalformedArtifactException("unknown transcript kind " + b.get(0));
      };
    } catch (CryptoException e) {
      throw new MalformedArtifactException("invalid transcript: " + e.getMessage(), e);
    }
  }

  /** A dealing. */
  public static Dealing decodeDealing(Bytes b) {
    try {
      return NiDkgProtobuf.decodeDealing(b.toByteArray());
    } catch (CryptoException e) {
      throw new MalformedArtifactException("invalid dealing: " + e.getMessage(), e);
    }
  }
}
