package org.jicp.state.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jicp.state.FileLayer;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncBatch}'s deferred and early fsyncs, over a layer that records, per file, the order of
 * its writes, fsync and close (thread-safe: the early syncs run on background threads).
 */
class SyncBatchTest {
  /** A layer that writes nothing, records every event and can fail one file's fsync. */
  static final class Recorder implements FileLayer {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final Set<String> open = ConcurrentHashMap.newKeySet();
    final boolean concurrent;
    volatile String failFsyncOf;

    Recorder(boolean concurrent) {
      this.concurrent = concurrent;
    }

    @Override
    public OutputFile create(Path file) {
      String n = file.getFileName().toString();
      open.add(n);
      return new OutputFile() {
        @Override
        public void write(ByteBuffer data) {
          data.position(data.limit());
          events.add("write " + n);
        }

        @Override
        public void fsync() {
          if (n.equals(failFsyncOf)) {
            throw new UncheckedIOException("fsync of " + n, new java.io.IOException("EIO"));
          }
          events.add("fsync " + n);
        }

        @Override
        public void close() {
          open.remove(n);
          events.add("close " + n);
        }
      };
    }

    @Override
    public void createDirectories(Path dir) {}

    @Override
    public void fsyncDirectory(Path dir) {
      events.add("dirsync " + dir.getFileName());
    }

    @Override
    public void rename(Path from, Path to) {}

    @Override
    public void link(Path existing, Path link) {}

    @Override
    public void deleteRecursively(Path path) {}

    @Override
    public boolean syncsConcurrently() {
      return concurrent;
    }
  }

  private static void write(FileLayer fs, String name, int bytes) {
    try (FileLayer.OutputFile out = fs.create(Path.of("tip", name))) {
      out.write(ByteBuffer.allocate(bytes));
      out.fsync();
    }
  }

  private static int at(List<String> events, String e) {
    int i = events.indexOf(e);
    assertThat(i).as(e).isNotNegative();
    return i;
  }

  @Test
  void flush_largeAndSmallFiles_everyFileSyncedAfterItsWriteThenClosedBeforeDirectorySync() {
    Recorder rec = new Recorder(true);
    SyncBatch batch = new SyncBatch(rec);
    for (int i = 0; i < 600; i++) { // more than MAX_SYNCING large files: the bound is exercised
      write(batch, "big" + i, (int) SyncBatch.EARLY_SYNC_BYTES);
      write(batch, "small" + i, 100);
    }
    batch.fsyncDirectory(Path.of("tip"));
    batch.flush();
    List<String> ev = List.copyOf(rec.events);
    int dir = at(ev, "dirsync tip");
    for (int i = 0; i < 600; i++) {
      for (String n : List.of("big" + i, "small" + i)) {
        int w = at(ev, "write " + n);
        int s = at(ev, "fsync " + n);
        int c = at(ev, "close " + n);
        assertThat(w).as(n).isLessThan(s);
        assertThat(s).as(n).isLessThan(c);
        assertThat(c).as(n).isLessThan(dir);
      }
    }
    assertThat(rec.open).isEmpty();
    // the large files' syncs started before the flush: big0 synced before the last file written
    assertThat(at(ev, "fsync big0")).isLessThan(at(ev, "write small599"));
    // the small ones stay batched until the flush
    assertThat(at(ev, "fsync small0")).isGreaterThan(at(ev, "write small599"));
  }

  @Test
  void flush_layerWithoutConcurrentSyncs_noEarlySyncKeepsOneOrder() {
    Recorder rec = new Recorder(false);
    SyncBatch batch = new SyncBatch(rec);
    write(batch, "big", (int) SyncBatch.EARLY_SYNC_BYTES);
    write(batch, "small", 1);
    batch.flush();
    assertThat(rec.events).containsExactly(
        "write big", "write small", "fsync big", "fsync small", "close big", "close small");
  }

  @Test
  void flush_earlySyncDisabledByProperty_largeFileSyncedAtFlush() {
    Recorder rec = new Recorder(true);
    String old = System.getProperty(SyncBatch.EARLY_SYNC_PROPERTY);
    System.setProperty(SyncBatch.EARLY_SYNC_PROPERTY, "false");
    SyncBatch batch;
    try {
      batch = new SyncBatch(rec);
    } finally {
      if (old == null) {
        System.clearProperty(SyncBatch.EARLY_SYNC_PROPERTY);
      } else {
        System.setProperty(SyncBatch.EARLY_SYNC_PROPERTY, old);
      }
    }
    write(batch, "big", (int) SyncBatch.EARLY_SYNC_BYTES);
    write(batch, "small", 1);
    assertThat(rec.events).containsExactly("write big", "write small");
    batch.flush();
    assertThat(rec.events).contains("fsync big", "close big");
  }

  @Test
  void flush_backgroundFsyncFails_throwsItAfterClosingEveryFileAndSkipsDirectorySyncs() {
    Recorder rec = new Recorder(true);
    rec.failFsyncOf = "big3";
    SyncBatch batch = new SyncBatch(rec);
    for (int i = 0; i < 8; i++) {
      write(batch, "big" + i, (int) SyncBatch.EARLY_SYNC_BYTES);
    }
    batch.fsyncDirectory(Path.of("tip"));
    assertThatThrownBy(batch::flush).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("big3");
    batch.abandon();
    assertThat(rec.open).isEmpty();
    assertThat(rec.events).doesNotContain("dirsync tip");
  }

  @Test
  void abandon_afterEarlySyncsStarted_closesEveryFile() {
    Recorder rec = new Recorder(true);
    SyncBatch batch = new SyncBatch(rec);
    for (int i = 0; i < 50; i++) {
      write(batch, "big" + i, (int) SyncBatch.EARLY_SYNC_BYTES);
      write(batch, "small" + i, 1);
    }
    batch.abandon();
    assertThat(rec.open).isEmpty();
    assertThat(rec.events).noneMatch(e -> e.startsWith("dirsync"));
  }
}
