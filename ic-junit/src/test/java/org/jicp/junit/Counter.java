package org.jicp.junit;

import java.math.BigInteger;
import org.jicp.candid.actor.Query;

/** The Candid interface of the test counter ({@code src/test/wat/counter.wat}). */
public interface Counter {
  /** Adds one (and debug-prints). */
  void inc();

  /** The count. */
  @Query
  BigInteger get();

  /** Debug-prints, then traps. */
  void boom();

  /** Rejects with "nope!". */
  void nope();

  /** Two increments: a default method runs as written. */
  default BigInteger incTwice() {
    inc();
    inc();
    return get();
  }
}
