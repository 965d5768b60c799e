package org.jicp.candid;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jicp.candid.internal.CandidTypeInference;
import org.jicp.candid.internal.binary.BinaryEncoder;

/**
 * Writes binary Candid messages (Candid spec, "Binary Format", "Parameters and Results"): {@code
 * DIDL}, the type table, the argument types and the values.
 *
 * <p>Each value must have the type it is written at. Integer values of any kind are accepted at
 * any integer type whose range holds them; a record value may leave out fields of {@code opt},
 * {@code null} or {@code reserved} type; any value is accepted at {@code reserved}. Stateless and
 * thread-safe.
 */
public final class CandidEncoder {
  private CandidEncoder() {}

  /**
   * The message of {@code values} at {@code types}.
   *
   * @throws IllegalArgumentException if the lists differ in length
   * @throws InvalidValueException if a value does not have its type (the message names the
   *     argument and the path to the value)
   */
  public static byte[] encode(List<CandidType> types, List<CandidValue> values) {
    return BinaryEncoder.encode(
        List.copyOf(Objects.requireNonNull(types, "types")),
        List.copyOf(Objects.requireNonNull(values, "values")));
  }

  /** The message of one value at its type. */
  public static byte[] encode(CandidType type, CandidValue value) {
    return encode(List.of(type), List.of(value));
  }

  /**
   * The message of {@code values} at the types they have on their own (see {@link
   * CandidTypes#typeOf(CandidValue)}).
   *
   * @throws InvalidValueException if a {@code vec} mixes values of no common type
   */
  public static byte[] encode(List<CandidValue> values) {
    List<CandidType> types = new ArrayList<>(values.size());
    for (CandidValue v : values) {
      types.add(CandidTypeInference.typeOf(v));
    }
    return encode(types, values);
  }

  /** The message of no arguments: {@code DIDL 00 00}. */
  public static byte[] empty() {
    return new byte[] {'D', 'I', 'D', 'L', 0, 0};
  }
}
