package org.jicp.candid;

import java.util.List;

/**
 * The arguments of a message read at the message's own types.
 *
 * @param types the argument types of the message (its type table as {@link CandidType}s: entries
 *     on a cycle become references named {@code t<index>}; record fields carry ids, not names)
 * @param values the values
 */
public record DecodedArgs(List<CandidType> types, List<CandidValue> values) {
  /** Copies the lists. */
  public DecodedArgs {
    types = List.copyOf(types);
    values = List.copyOf(values);
    if (types.size() != values.size()) {
      throw new IllegalArgumentException(types.size() + " types but " + values.size() + " values");
    }
  }

  @Override
  public String toString() {
    return CandidText.printArgs(values);
  }
}
