package org.jicp.state.sync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.state.FileLayer;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.checkpoint.StateLayout;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.manifest.ChunkInfo;
import org.jicp.state.manifest.FileInfo;
import org.jicp.state.manifest.Manifest;
import org.jicp.state.manifest.MetaManifest;

/**
 * Fetches a checkpoint from peers (the receiving side of the IC's state sync):
 *
 * <ol>
 *   <li>the meta-manifest (chunk 0), accepted only if its hash is the expected manifest hash;
 *   <li>the manifest's slices, each checked against the meta-manifest, then the manifest checked
 *       for internal consistency;
 *   <li>every file chunk it does not already have: chunks already in the scratchpad (from an
 *       interrupted sync) or in the newest local checkpoint (same chunk hash) are reused; the
 *       others are fetched and checked against the manifest's chunk hash. A peer that sends a
 *       wrong (corrupted or forged) chunk, or fails, is dropped for this sync and the chunk is
 *       asked of the next peer.
 *   <li>the assembled files re-verified against the manifest, {@code manifest.pbuf} written,
 *       everything fsynced and the scratchpad renamed to {@code checkpoints/<h>} (then the parent
 *       fsynced).
 * </ol>
 *
 * <p>If some chunk cannot be obtained, {@link StateSyncException} is thrown and the scratchpad
 * ({@code fs_tmp/state_sync_scratchpad_<h>}) is kept: a later call resumes from it. Not
 * thread-safe: one sync at a time per state manager.
 */
public final class StateSync {
  private final StateManager local;
  private final StateSyncTransport transport;
  private final int parallelism;

  /** The outcome of a sync: the new checkpoint and what it cost. */
  public record Result(
      StateManager.Checkpoint checkpoint,
      int chunksFetched,
      int chunksReusedFromLocalCheckpoint,
      int chunksAlreadyInScratchpad,
      int chunksRejected,
      Set<String> rejectedPeers) {}

  /** A sync into {@code local}'s state directory over {@code transport}, one chunk at a time. */
  public StateSync(StateManager local, StateSyncTransport transport) {
    this(local, transport, 1);
  }

  /**
   * A sync that fetches up to {@code parallelism} file chunks at once, chunk {@code i} first asked
   * of peer {@code i mod peers} (so the chunks come from several peers at once); {@code
   * transport} must then be thread-safe.
   */
  public StateSync(StateManager local, StateSyncTransport transport, int parallelism) {
    this.local = Objects.requireNonNull(local, "local");
    this.transport = Objects.requireNonNull(transport, "transport");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism " + parallelism + " < 1");
    }
    this.parallelism = parallelism;
  }

  /**
   * Syncs the checkpoint at {@code height} whose manifest hash is {@code manifestHash} (as a
   * catch-up package certifies it).
   *
   * @throws StateSyncException if the peers cannot provide it now (resumable)
   */
  public Result sync(Height height, Bytes manifestHash) {
    Set<String> bad = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger rejected =
        new java.util.concurrent.atomic.AtomicInteger();
    List<String> peers = transport.peers();

    byte[] metaBytes = fetchVerified(peers, bad, rejected, height,
        StateSyncServer.META_MANIFEST_CHUNK, "meta-manifest", b -> {
          try {
            return MetaManifest.decode(b).hash().equals(manifestHash);
          } catch (MalformedEncodingException e) {
            return false;
          }
        });
    MetaManifest meta = MetaManifest.decode(metaBytes);
    ByteArrayOutputStream enc = new ByteArrayOutputStream();
    for (int j = 0; j < meta.subManifestHashes().size(); j++) {
      Bytes want = meta.subManifestHashes().get(j);
      enc.writeBytes(fetchVerified(peers, bad, rejected, height,
          StateSyncServer.MANIFEST_CHUNK_ID_OFFSET + j, "manifest slice " + j,
          b -> MetaManifest.subManifestHash(b).equals(want)));
    }
    Manifest manifest;
    try {
      manifest = Manifest.decode(enc.toByteArray());
      manifest.validate();
    } catch (MalformedEncodingException e) {
      // The slices match the hash the caller trusts, so the source itself is broken.
      throw new StateSyncException("manifest of height " + height + " is invalid: " + e.getMessage());
    }
    if (manifest.version() != meta.version()) {
      throw new StateSyncException("manifest and meta-manifest versions differ");
    }

    Path scratch = local.layout().fsTmp().resolve("state_sync_scratchpad_" + height.toHex16());
    FileLayer fs = local.fileLayer();
    fs.createDirectories(scratch);
    List<Height> localHeights = local.checkpointHeights();
    if (localHeights.contains(height)) {
      throw new IllegalStateException("a checkpoint at height " + height + " exists already");
    }
    Map<Bytes, StateManager.ChunkLocation> reusable = localHeights.isEmpty() ? Map.of()
        : local.chunkIndex(localHeights.get(localHeights.size() - 1));

    int fetched = 0;
    int reused = 0;
    int present = 0;
    java.util.concurrent.ExecutorService pool = parallelism == 1 ? null
        : java.util.concurrent.Executors.newFixedThreadPool(parallelism, r -> {
          Thread t = new Thread(r, "jicp-state-sync-fetch");
          t.setDaemon(true);
          return t;
        });
    List<java.util.concurrent.Future<?>> inFlight = new ArrayList<>();
    try {
      for (int fi = 0; fi < manifest.files().size(); fi++) {
        FileInfo f = manifest.files().get(fi);
        Path file = scratch.resolve(f.relativePath());
        try {
          Files.createDirectories(file.getParent());
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
              StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() > f.sizeBytes()) {
              ch.truncate(f.sizeBytes());
            }
            for (int ci = 0; ci < manifest.chunks().size(); ci++) {
              ChunkInfo c = manifest.chunks().get(ci);
              if (c.fileIndex() != fi) {
                continue;
              }
              if (ch.size() >= c.offset() + c.sizeBytes()
                  && hashOf(read(ch, c.offset(), c.sizeBytes())).equals(c.hash())) {
                present++;
                continue;
              }
              byte[] data = null;
              StateManager.ChunkLocation loc = reusable.get(c.hash());
              if (loc != null) {
                byte[] b = StateSyncServer.readRange(loc.file(), loc.offset(), loc.size());
                if (b.length == c.sizeBytes() && hashOf(b).equals(c.hash())) {
                  data = b;
                  reused++;
                }
              }
              if (data == null) {
                long id = ci + 1L;
                List<String> order = parallelism == 1 || peers.isEmpty() ? peers
                    : rotate(peers, ci % peers.size());
                String what = "chunk " + id + " (" + f.relativePath() + " at " + c.offset() + ")";
                Runnable fetch = () -> write(ch, c.offset(), fetchVerified(order, bad, rejected,
                    height, id, what, b -> b.length == c.sizeBytes()
                        && hashOf(b).equals(c.hash())));
                if (pool == null) {
                  fetch.run();
                } else {
                  inFlight.add(pool.submit(fetch));
                  if (inFlight.size() >= parallelism) {
                    await(inFlight.remove(0));
                  }
                }
                fetched++;
              } else {
                write(ch, c.offset(), data);
              }
            }
            while (!inFlight.isEmpty()) {
              await(inFlight.remove(0));
            }
            ch.force(true);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("writing " + file, e);
        } finally {
          for (java.util.concurrent.Future<?> x : inFlight) {
            x.cancel(true);
          }
          inFlight.clear();
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    // Everything assembled: check it whole, then commit it as a checkpoint.
    StateManager.verifyAgainst(scratch, manifest);
    try (FileLayer.OutputFile out = fs.create(scratch.resolve(StateLayout.MANIFEST_FILE))) {
      out.write(ByteBuffer.wrap(manifest.encode()));
      out.fsync();
    }
    fsyncDirs(fs, scratch);
    fs.rename(scratch, local.layout().checkpoint(height));
    fs.fsyncDirectory(local.layout().checkpoints());
    StateManager.Checkpoint cp = local.load(height);
    return new Result(cp, fetched, reused, present, rejected.get(), Set.copyOf(bad));
  }

  private static void fsyncDirs(FileLayer fs, Path dir) {
    try (var s = Files.walk(dir)) {
      List<Path> dirs = new ArrayList<>();
      s.filter(Files::isDirectory).forEach(dirs::add);
      for (Path d : dirs) {
        fs.fsyncDirectory(d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> rotate(List<String> peers, int by) {
    List<String> r = new ArrayList<>(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      r.add(peers.get((i + by) % peers.size()));
    }
    return r;
  }

  private static void write(FileChannel ch, long offset, byte[] data) {
    ByteBuffer bb = ByteBuffer.wrap(data);
    try {
      while (bb.hasRemaining()) {
        ch.write(bb, offset + bb.position());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a fetch, rethrowing its failure as it was. */
  private static void await(java.util.concurrent.Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateSyncException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static byte[] read(FileChannel ch, long off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, off + b.position()) < 0) {
        break;
      }
    }
    return b.array();
  }

  private static Bytes hashOf(byte[] b) {
    return Manifest.chunkHash(b, 0, b.length);
  }

  private byte[] fetchVerified(List<String> peers, Set<String> bad,
      java.util.concurrent.atomic.AtomicInteger rejected, Height h,
      long chunkId, String what, java.util.function.Predicate<byte[]> valid) {
    List<String> reasons = new ArrayList<>();
    for (String peer : peers) {
      if (bad.contains(peer)) {
        continue;
      }
      byte[] b;
      try {
        b = transport.fetchChunk(peer, h, chunkId);
      } catch (RuntimeException e) {
        reasons.add(peer + ": " + e.getMessage());
        continue;
      }
      if (b != null && valid.test(b)) {
        return b;
      }
      rejected.incrementAndGet();
      bad.add(peer);
      reasons.add(peer + ": sent a " + what + " that does not match the manifest");
    }
    throw new StateSyncException(
        "no peer provided a valid " + what + " of height " + h + ": " + String.join("; ", reasons));
  }
}
