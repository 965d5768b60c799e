package org.jicp.candid.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Type definitions, in Candid syntax, that the {@link org.jicp.candid.mapping.CandidAs} texts of an
 * actor interface (and of the records it uses) may name: needed only for types that cannot be
 * written out, such as a function reference whose type is recursive ({@code type GetBlocksResult =
 * record { ...; callback : func (GetBlocksArgs) -> (GetBlocksResult) query }}). {@link
 * ActorInterface#of(Class)} maps the interface with {@code CandidMapper.withTypes} of these.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CandidTypes {
  /** The definitions, as in a {@code .did} file: {@code "type A = record { x : nat }; type B = vec A;"}. */
  String value();
}
