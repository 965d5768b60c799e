/**
 * Id and height types shared by several modules ({@code ic-state}, {@code ic-consensus} and those
 * above): they live once, in the lowest module, which is this one. {@code NodeId} and {@code
 * SubnetId} wrap a {@link org.jicp.crypto.Principal}; {@code Height} is a checked non-negative
 * {@code long}.
 */
package org.jicp.crypto.types;
