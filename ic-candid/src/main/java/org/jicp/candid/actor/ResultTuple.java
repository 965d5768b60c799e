package org.jicp.candid.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method has several Candid results: they are the components of the record it returns, in
 * order of declaration (their names do not matter): {@code @ResultTuple Spin spin(@CandidAs("nat64")
 * long n)} with {@code record Spin(@CandidAs("nat64") long acc, @CandidAs("nat64") long
 * instructions)} for {@code spin : (nat64) -> (nat64, nat64)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ResultTuple {}
