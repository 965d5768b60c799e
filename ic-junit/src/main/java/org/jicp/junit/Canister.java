package org.jicp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the canister named {@link #value()} (see {@link Canisters#name}) into a parameter of a
 * test, lifecycle or {@link Fixture} method of a {@link JicpReplica} class. The parameter's type
 * says what is injected: {@link org.jicp.types.CanisterId}, {@link org.jicp.crypto.Principal},
 * or a Java interface read as the canister's Candid service, which gets a typed actor ({@link
 * org.jicp.replica.Actor}) calling as the anonymous principal.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Canister {
  /** The canister's name. */
  String value();
}
