package org.jicp.state.pagemap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.state.FileLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random writes, commits, drops and flushes against a plain byte array model. */
class PageMapPropertyTest {
  private static final long SEED = 0x9a6e_11a9L;
  private static final int SIZE = 64 * PageMap.PAGE_SIZE;

  @TempDir Path dir;

  @Test
  void randomOperations_matchByteArrayModel() {
    System.out.println("PageMapPropertyTest seed=" + SEED);
    SplittableRandom r = new SplittableRandom(SEED);
    byte[] model = new byte[SIZE];
    PageMap m = PageMap.empty();
    List<Path> layers = new ArrayList<>();
    int files = 0;
    for (int step = 0; step < 300; step++) {
      int op = r.nextInt(10);
      if (op < 7) {
        PageMap.Transaction t = m.begin();
        byte[] shadow = model.clone();
        for (int w = 0; w < 1 + r.nextInt(5); w++) {
          int off = r.nextInt(SIZE - 1);
          int len = 1 + r.nextInt(Math.min(3 * PageMap.PAGE_SIZE, SIZE - off));
          byte[] data = new byte[len];
          for (int i = 0; i < len; i++) {
            data[i] = (byte) r.nextInt(256);
          }
          t.write(off, data, 0, len);
          System.arraycopy(data, 0, shadow, off, len);
        }
        if (r.nextInt(4) > 0) {
          m = t.commit();
          model = shadow;
        }
      } else if (op < 9) {
        Path f = dir.resolve((files++) + ".overlay");
        if (m.writeDelta(FileLayer.DEFAULT, f)) {
          layers.add(f);
          m = PageMap.open(layers);
        }
      } else if (!layers.isEmpty()) {
        Path f = dir.resolve((files++) + ".overlay");
        m.writeMerged(FileLayer.DEFAULT, f);
        layers = new ArrayList<>(List.of(f));
        m = PageMap.open(layers);
      }
      byte[] all = new byte[SIZE];
      m.read(0, all, 0, SIZE);
      assertThat(all).as("step %d", step).isEqualTo(model);
    }
  }
}
