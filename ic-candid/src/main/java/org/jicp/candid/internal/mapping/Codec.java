package org.jicp.candid.internal.mapping;

import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;

/** Converts between a Java type and a Candid type. Implementations are immutable. */
interface Codec {
  /** The Candid type. */
  CandidType type();

  /** The Candid value of a Java value. */
  CandidValue toValue(Object o);

  /** The Java value of a Candid value of {@link #type()}. */
  Object fromValue(CandidValue v);
}
