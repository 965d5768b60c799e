package org.jicp.junit;

/** How the tests of a class are isolated from each other (see {@link JicpReplica#isolation()}). */
public enum Isolation {
  /**
   * One replica per test class; the {@link Fixture} methods run once, then the whole replica is
   * restored to the snapshot taken after them before each test (copy on write: cheap). Every test
   * sees exactly the fixture's state, in any order. The default.
   */
  RESTORE,

  /**
   * A new replica for each test, set up by running the {@link Fixture} methods again: full
   * isolation (also of the debug log and the call journal) at the cost of building the replica
   * and installing the canisters for every test.
   */
  NEW_REPLICA,

  /**
   * One replica per test class, never restored: tests see each other's changes (a scenario in
   * steps, with {@code @TestMethodOrder}). The fixture runs once.
   */
  SHARED_STATE
}
