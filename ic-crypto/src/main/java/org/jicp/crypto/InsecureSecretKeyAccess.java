package org.jicp.crypto;

/**
 * The source of {@link SecretKeyAccess} tokens (Tink's {@code InsecureSecretKeyAccess}). Call it
 * only where secret key material must leave its key type as bytes — writing a key file, the CLI's
 * explicit key export, a test — and keep the call next to that use.
 */
public final class InsecureSecretKeyAccess {
  private InsecureSecretKeyAccess() {}

  /** The token. */
  public static SecretKeyAccess get() {
    return SecretKeyAccess.INSTANCE;
  }
}
