package org.jicp.candid;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jicp.candid.internal.binary.BinaryDecoder;

/**
 * Reads binary Candid messages (Candid spec, "Deserialisation"), at expected types or at the
 * message's own types.
 *
 * <p>Reading at expected types applies the spec's coercion: a client can read the replies of a
 * newer interface. Extra arguments and record fields are skipped (and still checked), missing ones
 * of {@code opt}, {@code null} or {@code reserved} type read as {@code null}, an optional value
 * that does not fit reads as {@code null}, {@code nat} reads as {@code int}, a service reference
 * reads as a principal, and function and service references are checked with the subtyping
 * relation.
 *
 * <p>Hostile input is bounded by a {@link DecoderConfig}: every failure is a typed {@link
 * CandidException} — {@link MalformedCandidException} (with the byte offset), {@link
 * InvalidValueException}, or {@link DecodingLimitExceededException} — never an {@link
 * OutOfMemoryError}. Instances are immutable and thread-safe.
 */
public final class CandidDecoder {
  private static final CandidDecoder STANDARD = new CandidDecoder(DecoderConfig.DEFAULT);

  private final DecoderConfig config;

  private CandidDecoder(DecoderConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A decoder with the {@link DecoderConfig#DEFAULT default} limits. */
  public static CandidDecoder standard() {
    return STANDARD;
  }

  /** A decoder with the given limits. */
  public static CandidDecoder withConfig(DecoderConfig config) {
    return new CandidDecoder(config);
  }

  /** The limits of this decoder. */
  public DecoderConfig config() {
    return config;
  }

  /**
   * The values of {@code message} at {@code types}.
   *
   * @throws MalformedCandidException if the message breaks the binary format
   * @throws InvalidValueException if an argument does not coerce to its type
   * @throws DecodingLimitExceededException if decoding would exceed this decoder's limits
   */
  public List<CandidValue> decode(byte[] message, List<CandidType> types) {
    Objects.requireNonNull(message, "message");
    return List.copyOf(
        BinaryDecoder.decode(message, 0, message.length, List.copyOf(types), config));
  }

  /** The values of {@code message} at {@code types}. */
  public List<CandidValue> decode(byte[] message, CandidType... types) {
    return decode(message, List.of(types));
  }

  /** The one value of {@code message} at {@code type} (further arguments are skipped). */
  public CandidValue decodeOne(byte[] message, CandidType type) {
    return decode(message, List.of(type)).get(0);
  }

  /**
   * The values of {@code message} at its own types.
   *
   * @throws MalformedCandidException if the message breaks the binary format
   * @throws DecodingLimitExceededException if decoding would exceed this decoder's limits
   */
  public DecodedArgs decode(byte[] message) {
    Objects.requireNonNull(message, "message");
    Map.Entry<List<CandidType>, List<CandidValue>> r =
        BinaryDecoder.decodeUntyped(message, 0, message.length, config);
    return new DecodedArgs(r.getKey(), r.getValue());
  }

  /**
   * The argument types of {@code message}, from its header alone.
   *
   * @throws MalformedCandidException if the header breaks the binary format
   */
  public static List<CandidType> argTypes(byte[] message) {
    Objects.requireNonNull(message, "message");
    return List.copyOf(BinaryDecoder.argTypes(message, 0, message.length));
  }
}
