/**
 * The ids and values that several jicp layers share, each once: {@link org.jicp.types.CanisterId},
 * {@link org.jicp.types.SubnetId}, {@link org.jicp.types.NodeId}, {@link org.jicp.types.Height},
 * {@link org.jicp.types.RegistryVersion}, {@link org.jicp.types.Cycles}, {@link
 * org.jicp.types.RejectCode} and {@link org.jicp.types.ErrorCode}, {@link
 * org.jicp.types.SubnetType}, {@link org.jicp.types.Time} and {@link org.jicp.types.MessageId}
 * (dfinity/ic {@code rs/types/base_types}). The ports between layers are in {@link
 * org.jicp.types.ports}.
 */
package org.jicp.types;
