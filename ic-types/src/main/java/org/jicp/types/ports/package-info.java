/**
 * The ports between jicp's layers, after dfinity/ic's {@code rs/interfaces}: each interface states
 * its contract (properties, post-conditions, what is replicated) in its Javadoc, and each has an
 * abstract contract test in this module's test jar that every implementation subclasses.
 *
 * <ul>
 *   <li>{@link org.jicp.types.ports.MessageRouting}: consensus hands finalized {@link
 *       org.jicp.types.ports.Batch}es to message routing, in height order.
 *   <li>{@link org.jicp.types.ports.StateManager}: the tip, commit-and-certify, the hashes to
 *       certify, certifications delivered back, the latest certified state.
 *   <li>{@link org.jicp.types.ports.StateSync}: fetching the checkpoint a catch-up package names.
 *   <li>{@link org.jicp.types.ports.RegistryClient}: versioned registry values.
 *   <li>{@link org.jicp.types.ports.ValidationResult}: what a validator answers (valid, invalid
 *       with the rule broken, or transient).
 * </ul>
 *
 * <p>Execution ({@code executeRound}) and the ingress-history reader need the replicated state
 * and live in {@code ic-state}'s {@code org.jicp.state.ports}.
 */
package org.jicp.types.ports;
