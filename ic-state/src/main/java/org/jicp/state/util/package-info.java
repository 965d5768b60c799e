/** Persistent data structures the replicated state is built from. */
package org.jicp.state.util;
