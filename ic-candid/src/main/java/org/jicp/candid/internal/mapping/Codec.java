package org.jicp.candid.internal.mapping;

import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.internal.binary.ByteWriter;

/** Converts between a Java type and a Candid type. Implementations are immutable. */
interface Codec {
  /** The Candid type. */
  CandidType type();

  /** The Candid value of a Java value. */
  CandidValue toValue(Object o);

  /** The Java value of a Candid value of {@link #type()}. */
  Object fromValue(CandidValue v);

  /**
   * Writes {@code M(o : type())} straight from the Java value (the encoder's fast path, equal in
   * effect to writing {@link #toValue(Object)}).
   */
  void write(Object o, ByteWriter out);

  /** A guess of the bytes {@link #write} needs, for sizing the output. */
  default int sizeHint(Object o) {
    return 16;
  }
}
