package org.jicp.candid.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Candid type of a record component, in Candid syntax, when the default for its Java type is
 * not the one wanted: {@code @CandidAs("nat64") long cycles}, {@code @CandidAs("int") BigInteger
 * delta}, {@code @CandidAs("opt nat") BigInteger maybe} (a {@code null} reference is {@code null}),
 * or {@code @CandidAs("func (nat) -> (nat) query") CandidValue.FuncRef callback}. The Candid type
 * drives the mapping of the whole component, so it also reaches inside containers: {@code
 * @CandidAs("opt nat64") Optional<Long>}, {@code @CandidAs("vec nat8") List<Integer>}. The type
 * may use the names of the {@link org.jicp.candid.TypeEnv} the mapper was created with. On a
 * method of an actor interface ({@code org.jicp.candid.actor}) it is the type of the result:
 * {@code @Query @CandidAs("nat64") long last()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER,
    ElementType.METHOD})
public @interface CandidAs {
  /** The Candid type, e.g. {@code "nat64"} or {@code "vec record { nat; text }"}. */
  String value();
}
