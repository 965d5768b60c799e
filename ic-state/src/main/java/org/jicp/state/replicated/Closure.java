package org.jicp.state.replicated;

/**
 * What a callback runs: for a wasm canister, a function index into its exported table with an
 * environment value ({@code call_new}'s {@code reply_fun}/{@code reply_env}; 64-bit for wasm64);
 * for a native canister, the key of a continuation in its own state and 0.
 *
 * @param function the table index (or continuation key)
 * @param env the environment value
 */
public record Closure(long function, long env) {}
