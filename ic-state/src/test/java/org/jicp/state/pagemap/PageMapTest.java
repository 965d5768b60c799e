package org.jicp.state.pagemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jicp.state.FileLayer;
import org.jicp.state.InvalidCheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageMapTest {
  @TempDir Path dir;

  private static PageMap write(PageMap m, long offset, byte[] data) {
    PageMap.Transaction t = m.begin();
    t.write(offset, data, 0, data.length);
    return t.commit();
  }

  private static byte[] read(PageMap m, long offset, int len) {
    byte[] b = new byte[len];
    m.read(offset, b, 0, len);
    return b;
  }

  @Test
  void read_unwrittenPages_areZero() {
    assertThat(read(PageMap.empty(), 123_456, 10_000)).containsOnly(0);
  }

  @Test
  void write_acrossPageBoundary_readsBack() {
    byte[] data = new byte[10_000];
    Arrays.fill(data, (byte) 7);
    PageMap m = write(PageMap.empty(), 4000, data);
    assertThat(read(m, 4000, 10_000)).isEqualTo(data);
    assertThat(read(m, 3999, 1)).containsOnly(0);
    assertThat(m.deltaPageCount()).isEqualTo(4);
  }

  @Test
  void write_sparseOffsetOf300GiB_costsOnlyTouchedPages() {
    long far = 300L << 30;
    PageMap m = write(PageMap.empty(), far, new byte[] {1, 2, 3});
    assertThat(read(m, far, 3)).containsExactly(1, 2, 3);
    assertThat(m.deltaPageCount()).isEqualTo(1);
    assertThat(m.deltaPageIndices()).containsExactly(far / PageMap.PAGE_SIZE);
  }

  @Test
  void commit_keepsOlderVersionReadable() {
    PageMap v1 = write(PageMap.empty(), 0, new byte[] {1});
    PageMap v2 = write(v1, 0, new byte[] {2});
    assertThat(read(v1, 0, 1)).containsExactly(1);
    assertThat(read(v2, 0, 1)).containsExactly(2);
  }

  @Test
  void droppedTransaction_leavesMapByteIdentical() {
    PageMap v1 = write(PageMap.empty(), 10, new byte[] {9, 9});
    byte[] before = read(v1, 0, 3 * PageMap.PAGE_SIZE);
    PageMap.Transaction t = v1.begin();
    t.write(0, new byte[3 * PageMap.PAGE_SIZE], 0, 3 * PageMap.PAGE_SIZE);
    byte[] inside = new byte[2];
    t.read(10, inside, 0, 2);
    assertThat(inside).containsExactly(0, 0);
    // trap: drop t
    assertThat(read(v1, 0, 3 * PageMap.PAGE_SIZE)).isEqualTo(before);
    assertThat(v1.deltaPageCount()).isEqualTo(1);
  }

  @Test
  void writeDelta_thenOpen_readsSamePagesFromDisk() {
    PageMap m = write(PageMap.empty(), 5 * 4096L + 3, new byte[] {1, 2, 3});
    m = write(m, 6 * 4096L, new byte[] {4});
    m = write(m, 100 * 4096L, new byte[] {5});
    Path f = dir.resolve("a.overlay");
    assertThat(m.writeDelta(FileLayer.DEFAULT, f)).isTrue();
    PageMap disk = PageMap.open(List.of(f));
    assertThat(disk.deltaPageCount()).isZero();
    for (long p : new long[] {0, 5, 6, 7, 99, 100, 101}) {
      assertThat(disk.page(p)).as("page %d", p).isEqualTo(m.page(p));
    }
    assertThat(disk.overlays().get(0).pageCount()).isEqualTo(3);
  }

  @Test
  void overlays_newestLayerWins_andMergeKeepsContents() {
    Path a = dir.resolve("1.overlay");
    Path b = dir.resolve("2.overlay");
    write(PageMap.empty(), 0, new byte[] {1, 1}).writeDelta(FileLayer.DEFAULT, a);
    PageMap m = PageMap.open(List.of(a));
    m = write(m, 1, new byte[] {2});
    m = write(m, 8192, new byte[] {3});
    m.writeDelta(FileLayer.DEFAULT, b);
    PageMap layered = PageMap.open(List.of(a, b));
    assertThat(read(layered, 0, 2)).containsExactly(1, 2);
    Path merged = dir.resolve("m.overlay");
    layered.writeMerged(FileLayer.DEFAULT, merged);
    PageMap one = PageMap.open(List.of(merged));
    assertThat(read(one, 0, 3 * 4096)).isEqualTo(read(layered, 0, 3 * 4096));
    assertThat(one.overlays().get(0).pageCount()).isEqualTo(2);
  }

  @Test
  void open_truncatedOrBadVersion_throwsNamingFile() throws Exception {
    Path f = dir.resolve("x.overlay");
    write(PageMap.empty(), 0, new byte[] {1}).writeDelta(FileLayer.DEFAULT, f);
    byte[] bytes = Files.readAllBytes(f);
    Path t = dir.resolve("truncated.overlay");
    Files.write(t, Arrays.copyOf(bytes, bytes.length - 30));
    assertThatThrownBy(() -> PageMap.open(List.of(t)))
        .isInstanceOf(InvalidCheckpointException.class)
        .hasMessageContaining("truncated.overlay")
        .satisfies(e -> assertThat(((InvalidCheckpointException) e).file()).isEqualTo(t));
    Path v = dir.resolve("version.overlay");
    bytes[bytes.length - 4] = 9;
    Files.write(v, bytes);
    assertThatThrownBy(() -> PageMap.open(List.of(v))).hasMessageContaining("version 9");
  }
}
