package org.jicp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method that sets up the replica of a {@link JicpReplica} test class: it runs once per class
 * (once per test with {@link Isolation#NEW_REPLICA}) after the replica is built and before the
 * snapshot that every test starts from. Its parameters are injected like a test's ({@link
 * org.jicp.replica.Replica}, {@link Canisters}, {@link Canister @Canister} of canisters named by
 * an earlier fixture, and JUnit's own such as {@code TestInfo}). Static, or an instance method
 * with {@code @TestInstance(PER_CLASS)} or {@link Isolation#NEW_REPLICA}. Several fixtures run
 * superclass first, and within a class in JUnit's (deterministic) method order: prefer one per
 * class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fixture {}
