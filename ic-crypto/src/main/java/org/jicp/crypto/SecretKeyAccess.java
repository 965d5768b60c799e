package org.jicp.crypto;

import java.util.Objects;

/**
 * A capability token that a caller must pass to read secret key material as plain bytes, as in
 * Tink ({@code SecretKeyAccess}): {@code secretKey.toBytes(access)}, {@code
 * ed25519Key.seedBytes(access)}, {@code ecdsaKey.secretBytes(access)}. The only way to obtain it
 * is {@link InsecureSecretKeyAccess#get()}, so every place that takes a secret out of its key
 * type names itself and can be found (and restricted) by searching for that call.
 *
 * <p>Computing with a key (signing, deriving the public key) never needs the token.
 */
public final class SecretKeyAccess {
  static final SecretKeyAccess INSTANCE = new SecretKeyAccess();

  private SecretKeyAccess() {}

  /**
   * Returns {@code access} if it is the token.
   *
   * @throws NullPointerException if {@code access} is null: secret bytes are not exported
   *     without it
   */
  public static SecretKeyAccess require(SecretKeyAccess access) {
    return Objects.requireNonNull(
        access, "exporting secret key material needs a SecretKeyAccess (InsecureSecretKeyAccess.get())");
  }

  @Override
  public String toString() {
    return "SecretKeyAccess";
  }
}
