package org.jicp.candid.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The numeric Candid id of a record component or variant case, for fields written as numbers
 * ({@code record { 0 : nat; 1 : text }}): {@code @CandidId(0) BigInteger first}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.TYPE, ElementType.PARAMETER})
public @interface CandidId {
  /** The field id, {@code 0 ≤ id < 2^32}. */
  long value();
}
