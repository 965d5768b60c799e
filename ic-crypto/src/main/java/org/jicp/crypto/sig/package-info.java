/**
 * The IC's basic (node and user) signature schemes: Ed25519, ECDSA on P-256 and secp256k1 with
 * SHA-256, and the DER public-key formats of the interface specification ({@link
 * org.jicp.crypto.sig.UserPublicKey}), including BLS12-381 keys and the recognition of WebAuthn and
 * canister-signature keys. The signed bytes of ingress requests, delegations and query responses
 * carry the domain separators of {@link org.jicp.crypto.beacon.DomainSeparator} ({@code IC_REQUEST},
 * {@code IC_REQUEST_AUTH_DELEGATION}, {@code IC_RESPONSE}).
 */
package org.jicp.crypto.sig;
