package org.jicp.state.checkpoint;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.CanisterId;
import org.jicp.state.FileLayer;
import org.jicp.state.InvalidCheckpointException;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.StateProtos;
import org.jicp.state.internal.proto.CanisterStateBits;
import org.jicp.state.internal.proto.ExecutionStateBits;
import org.jicp.state.manifest.ChunkInfo;
import org.jicp.state.manifest.FileInfo;
import org.jicp.state.manifest.Manifest;
import org.jicp.state.manifest.ManifestBuilder;
import org.jicp.state.pagemap.Overlay;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.SubnetMetadata;
import org.jicp.state.replicated.SystemState;

/**
 * Writes and loads crash-safe checkpoints of {@link ReplicatedState}s (layout: {@link
 * StateLayout}).
 *
 * <p><b>Writing a checkpoint</b> at height h: (1) clear {@code tip}, put the unverified marker in
 * it; (2) write every file (metadata protobufs, wasm modules, the memories' new overlays),
 * hard-link the overlays that earlier checkpoints already hold (and a {@code software.wasm}
 * unchanged since the previous checkpoint this manager wrote); (3) compute the manifest (reusing
 * the entries of linked files), write {@code manifest.pbuf}; (4) fsync every file written and
 * every directory, in one batch after all the writes (several at a time on the real file system:
 * the syncs of thousands of small files overlap instead of queuing one after another); (5) remove
 * the marker and fsync {@code tip}; (6) atomically rename {@code tip} to {@code checkpoints/<h>}
 * and fsync {@code checkpoints}: this rename is the commit point; (7) delete checkpoints beyond
 * the last N.
 * All changes go through the injected {@link FileLayer}.
 *
 * <p><b>Restart</b> ({@link #open}): {@code tip} and any checkpoint that
 * still has the marker or lacks its manifest are deleted; {@link #loadLatest()} loads the newest
 * remaining checkpoint. A crash at any step of a checkpoint therefore leaves the previous complete
 * checkpoint (or, after the commit point, the new one) and nothing else.
 *
 * <p><b>Loading</b> verifies every file against the checkpoint's manifest first: a missing,
 * truncated, altered or unexpected file fails with an {@link InvalidCheckpointException} that
 * names it; a state is never partly loaded.
 *
 * <p>Not thread-safe: one thread (the state manager's) writes and loads checkpoints. The states
 * it returns are immutable values that any thread may read.
 */
public final class StateManager {
  /** How many checkpoints are kept by default. */
  public static final int DEFAULT_CHECKPOINTS_TO_KEEP = 2;

  private final StateLayout layout;
  private final FileLayer fs;
  private final int keep;
  /** The height of the last checkpoint this manager wrote, if any. */
  private Height lastWritten;
  /**
   * The wasm module of each {@code software.wasm} in that checkpoint, by path, with the file's
   * hash in its manifest (a {@code software.wasm} is linked into the next checkpoint only if the
   * previous checkpoint's manifest still has that hash for it).
   */
  private Map<String, Map.Entry<Bytes, Bytes>> lastModules = Map.of();

  private StateManager(StateLayout layout, FileLayer fs, int keep) {
    this.layout = layout;
    this.fs = fs;
    this.keep = keep;
  }

  /**
   * Opens (creating if needed) the state directory {@code root} and recovers from a crash:
   * deletes {@code tip} and incomplete checkpoints. State-sync scratchpads are kept so that a
   * sync can resume; every chunk in them is re-verified before it is used.
   */
  public static StateManager open(Path root, FileLayer fs, int checkpointsToKeep) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(fs, "fs");
    if (checkpointsToKeep < 1) {
      throw new IllegalArgumentException("keep at least one checkpoint");
    }
    StateManager m = new StateManager(new StateLayout(root), fs, checkpointsToKeep);
    m.recover();
    return m;
  }

  /** {@link #open(Path, FileLayer, int)} on the real file system, keeping 2 checkpoints. */
  public static StateManager open(Path root) {
    return open(root, FileLayer.DEFAULT, DEFAULT_CHECKPOINTS_TO_KEEP);
  }

  /** The layout. */
  public StateLayout layout() {
    return layout;
  }

  /** The file layer. */
  public FileLayer fileLayer() {
    return fs;
  }

  private void recover() {
    fs.createDirectories(layout.checkpoints());
    fs.deleteRecursively(layout.tip());
    for (Height h : listHeights()) {
      Path dir = layout.checkpoint(h);
      if (Files.exists(dir.resolve(StateLayout.UNVERIFIED_MARKER))
          || !Files.exists(dir.resolve(StateLayout.MANIFEST_FILE))) {
        fs.deleteRecursively(dir);
      }
    }
    fs.fsyncDirectory(layout.checkpoints());
  }

  private List<Height> listHeights() {
    List<Height> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(layout.checkpoints())) {
      s.forEach(p -> {
        String n = p.getFileName().toString();
        if (n.matches("[0-9a-f]{16}")) {
          out.add(new Height(Long.parseUnsignedLong(n, 16)));
        }
      });
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  /** The heights of the complete checkpoints, increasing. */
  public List<Height> checkpointHeights() {
    List<Height> out = new ArrayList<>();
    for (Height h : listHeights()) {
      Path dir = layout.checkpoint(h);
      if (!Files.exists(dir.resolve(StateLayout.UNVERIFIED_MARKER))
          && Files.exists(dir.resolve(StateLayout.MANIFEST_FILE))) {
        out.add(h);
      }
    }
    return out;
  }

  /** A loaded checkpoint: its state and its manifest. */
  public record Checkpoint(ReplicatedState state, Manifest manifest) {
    /** Validates the components. */
    public Checkpoint {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(manifest, "manifest");
    }
  }

  /**
   * Loads the newest complete checkpoint, or empty if there is none.
   *
   * @throws InvalidCheckpointException naming a file that does not match the manifest
   */
  public Optional<Checkpoint> loadLatest() {
    List<Height> hs = checkpointHeights();
    return hs.isEmpty() ? Optional.empty() : Optional.of(load(hs.get(hs.size() - 1)));
  }

  /** The manifest of checkpoint {@code h}, as stored in it (not re-verified). */
  public Manifest manifest(Height h) {
    Path mf = layout.checkpoint(h).resolve(StateLayout.MANIFEST_FILE);
    try {
      return Manifest.decode(Files.readAllBytes(mf));
    } catch (MalformedEncodingException e) {
      throw new InvalidCheckpointException(mf, e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidCheckpointException(mf, "cannot read manifest: " + e, e);
    }
  }

  /**
   * Loads checkpoint {@code h}, after checking every file against its manifest.
   *
   * @throws InvalidCheckpointException naming the first file that is missing, unexpected, of the
   *     wrong size or with the wrong hash, or that does not decode
   */
  public Checkpoint load(Height h) {
    Path dir = layout.checkpoint(h);
    if (!Files.isDirectory(dir)) {
      throw new InvalidCheckpointException(dir, "no checkpoint at height " + h);
    }
    Manifest stored = manifest(h);
    verifyAgainst(dir, stored);
    return new Checkpoint(decodeState(dir, h), stored);
  }

  /**
   * Checks the files of {@code dir} against {@code expected}.
   *
   * @throws InvalidCheckpointException naming the first file that differs
   */
  public static void verifyAgainst(Path dir, Manifest expected) {
    try {
      expected.validate();
    } catch (MalformedEncodingException e) {
      throw new InvalidCheckpointException(dir.resolve(StateLayout.MANIFEST_FILE), e.getMessage(), e);
    }
    List<String> actual = ManifestBuilder.listFiles(dir);
    Set<String> want = new HashSet<>();
    for (FileInfo f : expected.files()) {
      want.add(f.relativePath());
      Path p = dir.resolve(f.relativePath());
      if (!Files.isRegularFile(p)) {
        throw new InvalidCheckpointException(p, "missing (listed in the manifest)");
      }
    }
    for (String rel : actual) {
      if (!want.contains(rel)) {
        throw new InvalidCheckpointException(dir.resolve(rel), "not listed in the manifest");
      }
    }
    Manifest recomputed = ManifestBuilder.compute(dir);
    for (int i = 0; i < expected.files().size(); i++) {
      FileInfo e = expected.files().get(i);
      FileInfo a = recomputed.files().get(i);
      Path p = dir.resolve(e.relativePath());
      if (a.sizeBytes() != e.sizeBytes()) {
        throw new InvalidCheckpointException(
            p, "size " + a.sizeBytes() + " differs from the manifest's " + e.sizeBytes());
      }
      if (!a.hash().equals(e.hash())) {
        throw new InvalidCheckpointException(p, "hash mismatch against the manifest");
      }
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new InvalidCheckpointException(p, "cannot read: " + e, e);
    }
  }

  private static ReplicatedState decodeState(Path dir, Height h) {
    Path sysFile = dir.resolve(StateLayout.SYSTEM_METADATA);
    Path ingFile = dir.resolve(StateLayout.INGRESS_HISTORY);
    Map.Entry<Height, SubnetMetadata> md;
    try {
      md = StateProtos.subnetMetadata(read(sysFile), read(ingFile));
    } catch (MalformedEncodingException e) {
      throw new InvalidCheckpointException(sysFile, e.getMessage(), e);
    }
    if (!md.getKey().equals(h)) {
      throw new InvalidCheckpointException(
          sysFile, "records height " + md.getKey() + " in the checkpoint of height " + h);
    }
    TreeMap<CanisterId, CanisterState> canisters = new TreeMap<>();
    Path cdir = dir.resolve("canister_states");
    if (Files.isDirectory(cdir)) {
      List<Path> dirs;
      try (Stream<Path> s = Files.list(cdir)) {
        dirs = s.sorted().toList();
      } catch (IOException e) {
        throw new InvalidCheckpointException(cdir, "cannot list: " + e, e);
      }
      for (Path c : dirs) {
        CanisterState cs = decodeCanister(c);
        canisters.put(cs.id(), cs);
      }
    }
    org.jicp.state.replicated.CanisterQueues subnetQueues =
        org.jicp.state.replicated.CanisterQueues.EMPTY;
    Path qFile = dir.resolve(StateLayout.SUBNET_QUEUES);
    if (Files.exists(qFile)) {
      try {
        subnetQueues = StateProtos.queues(
            org.jicp.state.internal.proto.QueuesPb.parseFrom(read(qFile)));
      } catch (InvalidProtocolBufferException | MalformedEncodingException e) {
        throw new InvalidCheckpointException(qFile, "does not decode: " + e.getMessage(), e);
      }
    }
    TreeMap<org.jicp.state.replicated.SnapshotId, org.jicp.state.replicated.CanisterSnapshot>
        snapshots = new TreeMap<>();
    Path sdir = dir.resolve("snapshots");
    if (Files.isDirectory(sdir)) {
      List<Path> dirs;
      try (Stream<Path> s = Files.list(sdir)) {
        dirs = s.sorted().toList();
      } catch (IOException e) {
        throw new InvalidCheckpointException(sdir, "cannot list: " + e, e);
      }
      for (Path d : dirs) {
        Path pb = d.resolve(StateLayout.SNAPSHOT_PBUF);
        org.jicp.state.internal.proto.SnapshotBits bits;
        try {
          bits = org.jicp.state.internal.proto.SnapshotBits.parseFrom(read(pb));
        } catch (InvalidProtocolBufferException e) {
          throw new InvalidCheckpointException(pb, "does not decode: " + e.getMessage(), e);
        }
        byte[] wasm = read(d.resolve(StateLayout.SOFTWARE_WASM));
        if (!Bytes.of(Sha256.hash(wasm)).equals(Bytes.of(bits.getModuleHash().toByteArray()))
            && wasm.length > 0) {
          throw new InvalidCheckpointException(d.resolve(StateLayout.SOFTWARE_WASM),
              "module hash differs from snapshot.pbuf");
        }
        PageMap heap = PageMap.open(paths(d.resolve(StateLayout.HEAP_DIR),
            bits.getHeapOverlaysList()));
        PageMap stable = PageMap.open(paths(d.resolve(StateLayout.STABLE_DIR),
            bits.getStableMemoryOverlaysList()));
        org.jicp.state.replicated.CanisterSnapshot snap;
        try {
          snap = StateProtos.snapshot(bits, Bytes.of(wasm), heap, stable);
        } catch (MalformedEncodingException e) {
          throw new InvalidCheckpointException(pb, e.getMessage(), e);
        }
        org.jicp.state.replicated.SnapshotId id = new org.jicp.state.replicated.SnapshotId(
            snap.canisterId(), bits.getLocalId());
        if (!d.getFileName().toString().equals(id.bytes().toHex())) {
          throw new InvalidCheckpointException(pb, "holds snapshot " + id);
        }
        snapshots.put(id, snap);
      }
    }
    return new ReplicatedState(h, org.jicp.state.util.PersistentSortedMap.copyOf(canisters),
        md.getValue(), subnetQueues, snapshots);
  }

  private static CanisterState decodeCanister(Path c) {
    Path pb = c.resolve(StateLayout.CANISTER_PBUF);
    CanisterStateBits bits;
    SystemState sys;
    try {
      bits = CanisterStateBits.parseFrom(read(pb));
      sys = StateProtos.systemState(bits);
    } catch (InvalidProtocolBufferException | MalformedEncodingException e) {
      throw new InvalidCheckpointException(pb, "does not decode: " + e.getMessage(), e);
    }
    if (!c.getFileName().toString().equals(Bytes.hex(sys.canisterId().toByteArray()))) {
      throw new InvalidCheckpointException(pb, "holds canister " + sys.canisterId());
    }
    if (!bits.hasExecution()) {
      return new CanisterState(sys, Optional.empty());
    }
    ExecutionStateBits eb = bits.getExecution();
    Path wasmFile = c.resolve(StateLayout.SOFTWARE_WASM);
    byte[] wasm = read(wasmFile);
    if (!Bytes.of(Sha256.hash(wasm)).equals(Bytes.of(eb.getModuleHash().toByteArray()))) {
      throw new InvalidCheckpointException(wasmFile, "module hash differs from canister.pbuf");
    }
    PageMap heap = PageMap.open(paths(c.resolve(StateLayout.HEAP_DIR), eb.getHeapOverlaysList()));
    PageMap stable =
        PageMap.open(paths(c.resolve(StateLayout.STABLE_DIR), eb.getStableMemoryOverlaysList()));
    ExecutionState es;
    try {
      es = eb.getNativeKind().isEmpty()
          ? new ExecutionState(Bytes.of(wasm), heap, eb.getHeapSizeWasmPages(), stable,
              eb.getStableMemorySizeWasmPages(), StateProtos.globals(eb))
          : ExecutionState.nativeCanister(eb.getNativeKind(), Bytes.of(wasm), stable,
              eb.getStableMemorySizeWasmPages());
    } catch (RuntimeException e) {
      throw new InvalidCheckpointException(pb, "execution state: " + e.getMessage(), e);
    }
    return new CanisterState(sys, Optional.of(es));
  }

  private static List<Path> paths(Path dir, List<String> names) {
    List<Path> out = new ArrayList<>();
    for (String n : names) {
      if (n.contains("/") || !org.jicp.state.manifest.FileInfo.isSafeRelativePath(n)) {
        throw new InvalidCheckpointException(dir, "bad overlay name " + n.replaceAll("\\p{Cntrl}", "?"));
      }
      out.add(dir.resolve(n));
    }
    return out;
  }

  /**
   * Writes a checkpoint of {@code state} at {@code state.height()} (see the class comment for the
   * steps) and returns it reloaded: the same state with every memory's delta now on disk.
   *
   * @throws IllegalStateException if a checkpoint at that height or a later one exists
   */
  public Checkpoint checkpoint(ReplicatedState state) {
    Height h = state.height();
    List<Height> existing = checkpointHeights();
    if (!existing.isEmpty() && existing.get(existing.size() - 1).compareTo(h) >= 0) {
      throw new IllegalStateException(
          "checkpoint heights must increase: " + h + " after " + existing.get(existing.size() - 1));
    }
    Optional<Height> prevHeight =
        existing.isEmpty() ? Optional.empty() : Optional.of(existing.get(existing.size() - 1));
    Path prevDir = prevHeight.map(layout::checkpoint).orElse(null);
    Manifest prevManifest = prevHeight.map(this::manifest).orElse(null);

    Path tip = layout.tip();
    fs.deleteRecursively(tip);
    fs.createDirectories(tip);
    // Every fsync up to the removal of the marker goes through the batch: done once, together,
    // before the marker is removed and tip renamed (the commit point).
    SyncBatch batch = new SyncBatch(fs);
    Map<CanisterId, List<List<String>>> overlayNames = new HashMap<>();
    Map<String, Bytes> modules = new HashMap<>();
    Map<org.jicp.state.replicated.SnapshotId, List<List<String>>> snapshotNames = new HashMap<>();
    Manifest manifest;
    try {
      writeFile(batch, tip.resolve(StateLayout.UNVERIFIED_MARKER), new byte[0]);
      batch.fsyncDirectory(tip);

      writeFile(batch, tip.resolve(StateLayout.SYSTEM_METADATA),
          StateProtos.encode(StateProtos.systemMetadata(h, state.metadata())));
      writeFile(batch, tip.resolve(StateLayout.INGRESS_HISTORY),
          StateProtos.encode(StateProtos.ingressHistory(
              state.metadata().ingressHistory().asMap())));
      writeFile(batch, tip.resolve(StateLayout.SUBNET_QUEUES),
          StateProtos.encode(StateProtos.queues(state.subnetQueues())));

      Set<String> linked = new HashSet<>();
      boolean samePrev = prevHeight.isPresent() && prevHeight.get().equals(lastWritten)
          && prevManifest != null;
      Map<String, Bytes> prevFileHashes = samePrev ? fileHashes(prevManifest) : Map.of();
      for (CanisterState cs : state.canisters().values()) {
        String rel = StateLayout.canisterDir(cs.id());
        Path cdir = tip.resolve(rel);
        batch.createDirectories(cdir);
        CanisterStateBits.Builder bits = StateProtos.systemState(cs.system());
        if (cs.execution().isPresent()) {
          ExecutionState es = cs.execution().get();
          String relWasm = rel + "/" + StateLayout.SOFTWARE_WASM;
          Map.Entry<Bytes, Bytes> last = samePrev ? lastModules.get(relWasm) : null;
          if (last != null && es.wasmBinary().equals(last.getKey())
              && last.getValue().equals(prevFileHashes.get(relWasm))) {
            // The same module as in the previous checkpoint (which this manager wrote and
            // nothing changes): a hard link, and the manifest reuses its entry.
            batch.link(prevDir.resolve(relWasm), cdir.resolve(StateLayout.SOFTWARE_WASM));
            linked.add(relWasm);
          } else {
            writeFile(batch, cdir.resolve(StateLayout.SOFTWARE_WASM),
                es.wasmBinary().toByteArray());
          }
          modules.put(relWasm, es.wasmBinary());
          List<String> heapNames = writeMemory(batch, es.heap(), cdir, rel,
              StateLayout.HEAP_DIR, h, prevDir, linked);
          List<String> stableNames = writeMemory(batch, es.stableMemory(), cdir, rel,
              StateLayout.STABLE_DIR, h, prevDir, linked);
          overlayNames.put(cs.id(), List.of(heapNames, stableNames));
          bits.setExecution(StateProtos.executionBits(es.moduleHash(), es.heapSizeWasmPages(),
              es.stableMemorySizeWasmPages(), es.exportedGlobals(), heapNames, stableNames)
              .setNativeKind(es.nativeKind().orElse("")));
        }
        writeFile(batch, cdir.resolve(StateLayout.CANISTER_PBUF),
            StateProtos.encode(bits.build()));
        batch.fsyncDirectory(cdir);
      }
      if (!state.canisters().isEmpty()) {
        // The entries of canister_states (one directory per canister) are durable only once
        // canister_states itself is fsynced; without it a crash after the commit rename could
        // leave a checkpoint whose canister directories are missing (CheckpointDurabilityTest).
        batch.fsyncDirectory(tip.resolve("canister_states"));
      }
      if (!state.snapshots().isEmpty()) {
        batch.createDirectories(tip.resolve("snapshots"));
      }
      for (Map.Entry<org.jicp.state.replicated.SnapshotId,
          org.jicp.state.replicated.CanisterSnapshot> e : state.snapshots().entrySet()) {
        String rel = StateLayout.snapshotDir(e.getKey());
        Path sdir = tip.resolve(rel);
        batch.createDirectories(sdir);
        org.jicp.state.replicated.CanisterSnapshot snap = e.getValue();
        writeFile(batch, sdir.resolve(StateLayout.SOFTWARE_WASM),
            snap.wasmModule().toByteArray());
        List<String> heapNames = writeMemory(batch, snap.heap(), sdir, rel,
            StateLayout.HEAP_DIR, h, prevDir, linked);
        List<String> stableNames = writeMemory(batch, snap.stableMemory(), sdir, rel,
            StateLayout.STABLE_DIR, h, prevDir, linked);
        snapshotNames.put(e.getKey(), List.of(heapNames, stableNames));
        writeFile(batch, sdir.resolve(StateLayout.SNAPSHOT_PBUF), StateProtos.encode(
            StateProtos.snapshot(e.getKey(), snap,
                Bytes.of(Sha256.hash(snap.wasmModule().toByteArray())))
                .addAllHeapOverlays(heapNames).addAllStableMemoryOverlays(stableNames).build()));
        batch.fsyncDirectory(sdir);
      }
      if (!state.snapshots().isEmpty()) {
        batch.fsyncDirectory(tip.resolve("snapshots"));
      }
      batch.fsyncDirectory(tip);

      manifest = ManifestBuilder.compute(tip, prevManifest, linked);
      writeFile(batch, tip.resolve(StateLayout.MANIFEST_FILE), manifest.encode());
      batch.flush();
    } catch (RuntimeException | Error e) {
      batch.abandon();
      throw e;
    }
    fs.deleteRecursively(tip.resolve(StateLayout.UNVERIFIED_MARKER));
    fs.fsyncDirectory(tip);

    Path dir = layout.checkpoint(h);
    fs.rename(tip, dir);
    fs.fsyncDirectory(layout.checkpoints());
    lastWritten = h;
    Map<String, Bytes> hashes = fileHashes(manifest);
    Map<String, Map.Entry<Bytes, Bytes>> written = new HashMap<>();
    modules.forEach((path, wasm) -> written.put(path, Map.entry(wasm, hashes.get(path))));
    lastModules = written;

    List<Height> all = checkpointHeights();
    for (int i = 0; i < all.size() - keep; i++) {
      fs.deleteRecursively(layout.checkpoint(all.get(i)));
    }
    return new Checkpoint(reopen(state, dir, overlayNames, snapshotNames), manifest);
  }

  private static List<String> writeMemory(FileLayer fs, PageMap m, Path cdir, String rel,
      String memDir, Height h, Path prevDir, Set<String> linked) {
    if (m.overlays().isEmpty() && m.deltaPageCount() == 0) {
      return List.of();
    }
    Path d = cdir.resolve(memDir);
    fs.createDirectories(d);
    String newName = h.toHex16() + ".overlay";
    List<String> names = new ArrayList<>();
    if (m.deltaPageCount() > 0 && m.overlays().size() + 1 > PageMap.MAX_OVERLAYS) {
      m.writeMerged(fs, d.resolve(newName));
      names.add(newName);
    } else {
      for (Overlay o : m.overlays()) {
        String name = o.path().getFileName().toString();
        fs.link(o.path(), d.resolve(name));
        names.add(name);
        String relPath = rel + "/" + memDir + "/" + name;
        if (prevDir != null && o.path().equals(prevDir.resolve(relPath))) {
          linked.add(relPath);
        }
      }
      if (m.writeDelta(fs, d.resolve(newName))) {
        names.add(newName);
      }
    }
    fs.fsyncDirectory(d);
    return names;
  }

  private static Map<String, Bytes> fileHashes(Manifest m) {
    Map<String, Bytes> out = new HashMap<>();
    for (FileInfo f : m.files()) {
      out.put(f.relativePath(), f.hash());
    }
    return out;
  }

  private static void writeFile(FileLayer fs, Path p, byte[] data) {
    try (FileLayer.OutputFile out = fs.create(p)) {
      out.write(ByteBuffer.wrap(data));
      out.fsync();
    }
  }

  private static ReplicatedState reopen(ReplicatedState state, Path dir,
      Map<CanisterId, List<List<String>>> names,
      Map<org.jicp.state.replicated.SnapshotId, List<List<String>>> snapshotNames) {
    org.jicp.state.util.PersistentSortedMap<CanisterId, CanisterState> out = state.canisterMap();
    for (CanisterState cs : state.canisters().values()) {
      if (cs.execution().isEmpty()) {
        continue;
      }
      ExecutionState es = cs.execution().get();
      Path cdir = dir.resolve(StateLayout.canisterDir(cs.id()));
      List<List<String>> n = names.get(cs.id());
      PageMap heap = PageMap.open(paths(cdir.resolve(StateLayout.HEAP_DIR), n.get(0)));
      PageMap stable = PageMap.open(paths(cdir.resolve(StateLayout.STABLE_DIR), n.get(1)));
      out = out.plus(cs.id(), cs.withExecution(es.withMemories(heap, es.heapSizeWasmPages(),
          stable, es.stableMemorySizeWasmPages(), es.exportedGlobals())));
    }
    TreeMap<org.jicp.state.replicated.SnapshotId, org.jicp.state.replicated.CanisterSnapshot>
        snaps = new TreeMap<>();
    for (Map.Entry<org.jicp.state.replicated.SnapshotId,
        org.jicp.state.replicated.CanisterSnapshot> e : state.snapshots().entrySet()) {
      Path sdir = dir.resolve(StateLayout.snapshotDir(e.getKey()));
      List<List<String>> n = snapshotNames.get(e.getKey());
      org.jicp.state.replicated.CanisterSnapshot s = e.getValue();
      snaps.put(e.getKey(), s.withContents(s.wasmModule(),
          PageMap.open(paths(sdir.resolve(StateLayout.HEAP_DIR), n.get(0))),
          PageMap.open(paths(sdir.resolve(StateLayout.STABLE_DIR), n.get(1))), s.chunkStore()));
    }
    return new ReplicatedState(state.height(), out, state.metadata(), state.subnetQueues(),
        snaps);
  }

  /** The chunk table entries of {@code h}'s manifest, by chunk hash: for state sync reuse. */
  public Map<Bytes, ChunkLocation> chunkIndex(Height h) {
    Manifest m = manifest(h);
    Map<Bytes, ChunkLocation> out = new HashMap<>();
    Path dir = layout.checkpoint(h);
    for (ChunkInfo c : m.chunks()) {
      out.putIfAbsent(c.hash(), new ChunkLocation(
          dir.resolve(m.files().get(c.fileIndex()).relativePath()), c.offset(), c.sizeBytes()));
    }
    return out;
  }

  /**
   * Where a chunk's bytes lie in a local checkpoint.
   *
   * @param file the file
   * @param offset the offset
   * @param size the size
   */
  public record ChunkLocation(Path file, long offset, int size) {}
}
