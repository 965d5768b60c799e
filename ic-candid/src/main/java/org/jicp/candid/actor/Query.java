package org.jicp.candid.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method of an actor interface that is a Candid {@code query}: called as a query (on the latest
 * certified state, not through consensus, its changes discarded). Methods without a mode are
 * update calls.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Query {}
