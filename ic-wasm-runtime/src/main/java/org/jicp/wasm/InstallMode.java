package org.jicp.wasm;

/** The modes of {@code install_code} (interface specification, "IC method install_code"). */
public enum InstallMode {
  /** Install on an empty canister. */
  INSTALL,
  /** Replace the code and wipe all state. */
  REINSTALL,
  /** Replace the code keeping stable memory: pre_upgrade, new instance, post_upgrade. */
  UPGRADE
}
