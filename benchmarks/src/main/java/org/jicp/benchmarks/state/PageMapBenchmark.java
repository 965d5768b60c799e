package org.jicp.benchmarks.state;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jicp.state.pagemap.PageMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** PageMap: reading and writing random 4 KiB pages of a 256 MiB memory held in the delta. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PageMapBenchmark {
  static final int PAGES = 65_536;

  PageMap map;
  final byte[] page = new byte[PageMap.PAGE_SIZE];
  final SplittableRandom random = new SplittableRandom(7);

  @Setup
  public void setUp() {
    PageMap.Transaction t = PageMap.empty().begin();
    byte[] p = new byte[PageMap.PAGE_SIZE];
    for (int i = 0; i < PAGES; i++) {
      p[0] = (byte) i;
      t.write((long) i * PageMap.PAGE_SIZE, p, 0, p.length);
    }
    map = t.commit();
  }

  /** Reads one random page. */
  @Benchmark
  public byte[] readRandomPage() {
    map.readPage(random.nextInt(PAGES), page);
    return page;
  }

  /** Writes one random page in a transaction and commits it (a new PageMap version). */
  @Benchmark
  public PageMap writeRandomPageAndCommit() {
    PageMap.Transaction t = map.begin();
    t.write((long) random.nextInt(PAGES) * PageMap.PAGE_SIZE, page, 0, page.length);
    return t.commit();
  }
}
