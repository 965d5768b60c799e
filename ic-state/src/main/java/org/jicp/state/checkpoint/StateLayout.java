package org.jicp.state.checkpoint;

import java.nio.file.Path;
import org.jicp.types.Height;
import org.jicp.types.CanisterId;

/**
 * The on-disk layout of a state manager's root (after the IC's {@code rs/state_layout}):
 *
 * <pre>
 * &lt;root&gt;/tip/                                scratch where the next checkpoint is written
 * &lt;root&gt;/fs_tmp/state_sync_scratchpad_&lt;h&gt;/    scratch of a state sync
 * &lt;root&gt;/checkpoints/&lt;height, 16 hex digits&gt;/
 *     manifest.pbuf                           the manifest (not part of itself)
 *     unverified_checkpoint_marker            present only while the checkpoint is incomplete
 *     system_metadata.pbuf, ingress_history.pbuf, subnet_queues.pbuf
 *     canister_states/&lt;canister id hex&gt;/canister.pbuf
 *     canister_states/&lt;canister id hex&gt;/software.wasm
 *     canister_states/&lt;canister id hex&gt;/vmemory_0/&lt;height&gt;.overlay …
 *     canister_states/&lt;canister id hex&gt;/stable_memory/&lt;height&gt;.overlay …
 *     snapshots/&lt;snapshot id hex&gt;/snapshot.pbuf, software.wasm, vmemory_0/…, stable_memory/…
 * </pre>
 */
public final class StateLayout {
  /** The marker of a checkpoint whose manifest has not been computed yet. */
  public static final String UNVERIFIED_MARKER = "unverified_checkpoint_marker";

  /** The manifest file in a checkpoint directory. */
  public static final String MANIFEST_FILE = "manifest.pbuf";

  /** The subnet metadata file. */
  public static final String SYSTEM_METADATA = "system_metadata.pbuf";

  /** The ingress history file. */
  public static final String INGRESS_HISTORY = "ingress_history.pbuf";

  /** The management canister's queues. */
  public static final String SUBNET_QUEUES = "subnet_queues.pbuf";

  /** The snapshot metadata file in a snapshot directory. */
  public static final String SNAPSHOT_PBUF = "snapshot.pbuf";

  /** The canister metadata file in a canister directory. */
  public static final String CANISTER_PBUF = "canister.pbuf";

  /** The wasm module file in a canister directory. */
  public static final String SOFTWARE_WASM = "software.wasm";

  /** The heap's overlay directory in a canister directory. */
  public static final String HEAP_DIR = "vmemory_0";

  /** The stable memory's overlay directory in a canister directory. */
  public static final String STABLE_DIR = "stable_memory";

  private final Path root;

  /** The layout under {@code root}. */
  public StateLayout(Path root) {
    this.root = root;
  }

  /** The root. */
  public Path root() {
    return root;
  }

  /** The scratch directory of a local checkpoint. */
  public Path tip() {
    return root.resolve("tip");
  }

  /** The parent of the checkpoints. */
  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  /** The scratch parent of state syncs. */
  public Path fsTmp() {
    return root.resolve("fs_tmp");
  }

  /** The directory of the checkpoint at {@code h}. */
  public Path checkpoint(Height h) {
    return checkpoints().resolve(h.toHex16());
  }

  /** The relative directory of snapshot {@code id} in a checkpoint. */
  public static String snapshotDir(org.jicp.state.replicated.SnapshotId id) {
    return "snapshots/" + id.bytes().toHex();
  }

  /** The relative directory of canister {@code id} in a checkpoint. */
  public static String canisterDir(CanisterId id) {
    return "canister_states/" + org.jicp.crypto.Bytes.hex(id.toByteArray());
  }
}
