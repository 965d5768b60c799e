package org.jicp.candid.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Candid name of a record component (a record field), an enum constant or a permitted class of
 * a sealed interface (a variant case), when it differs from the Java name: {@code
 * @CandidName("canister_id") Principal canisterId}. On a class that is part of a recursive type, it
 * names the Candid type definition.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.TYPE, ElementType.PARAMETER})
public @interface CandidName {
  /** The Candid name; its hash is the field id. */
  String value();
}
