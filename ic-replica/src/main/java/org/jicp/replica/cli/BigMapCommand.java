package org.jicp.replica.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jicp.bigmap.BigMap;
import org.jicp.bigmap.BigMapApi;
import org.jicp.crypto.Bytes;
import org.jicp.replica.http.HttpBigMapHost;
import org.jicp.types.CanisterId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jicp bigmap}: a BigMap (ic-bigmap's index and bucket canisters) on a running {@code jicp
 * replica start}, over the IC HTTP interface. Keys and values are UTF-8 text.
 */
@Command(
    name = "bigmap",
    description = "A key-value map sharded over bucket canisters that split as they grow.",
    subcommands = {BigMapCommand.Create.class, BigMapCommand.Put.class, BigMapCommand.Get.class,
        BigMapCommand.Delete.class, BigMapCommand.Load.class, BigMapCommand.Scan.class,
        BigMapCommand.Stats.class})
final class BigMapCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  private static String text(Bytes b) {
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }

  /** {@code --url}. */
  abstract static class WithUrl {
    @Spec CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
        description = "the replica, e.g. http://127.0.0.1:4943")
    String url;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  /** {@code --url} and {@code --index}. */
  abstract static class WithIndex extends WithUrl {
    @Option(names = "--index", required = true, paramLabel = "ID",
        description = "the index canister (printed by create)")
    String index;

    BigMap map() {
      return BigMap.connect(new HttpBigMapHost(url), CanisterId.fromText(index.strip()));
    }
  }

  /** {@code create}: prints the index canister id. */
  @Command(name = "create", description = "Creates a BigMap: prints its index canister id.")
  static final class Create extends WithUrl implements Runnable {
    @Option(names = "--split-at-keys", paramLabel = "N", defaultValue = "100000",
        description = "a bucket with more keys splits (default ${DEFAULT-VALUE}; 0: never)")
    long splitAtKeys;

    @Option(names = "--buckets", paramLabel = "N",
        description = "initial buckets (default: one per application subnet)")
    Integer buckets;

    @Override
    public void run() {
      HttpBigMapHost host = new HttpBigMapHost(url);
      BigMap.Options o = BigMap.Options.defaults(host).withSplitAtKeys(splitAtKeys);
      if (buckets != null) {
        o = o.withInitialBuckets(buckets);
      }
      out().println(BigMap.create(host, o).index().principal().toText());
      out().flush();
    }
  }

  /** {@code put}. */
  @Command(name = "put", description = "Sets KEY to VALUE.")
  static final class Put extends WithIndex implements Runnable {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @Override
    public void run() {
      map().put(key, value);
    }
  }

  /** {@code get}: prints the value; exit 1 if absent. */
  @Command(name = "get", description = "Prints the value of KEY; exit 1 if absent.")
  static final class Get extends WithIndex implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    public Integer call() {
      Optional<Bytes> v = map().get(key);
      if (v.isEmpty()) {
        spec.commandLine().getErr().println("absent: " + key);
        spec.commandLine().getErr().flush();
        return CliErrors.INVALID;
      }
      out().println(text(v.get()));
      out().flush();
      return 0;
    }
  }

  /** {@code delete}. */
  @Command(name = "delete", description = "Removes KEY (no error if absent).")
  static final class Delete extends WithIndex implements Runnable {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    public void run() {
      map().delete(key);
    }
  }

  /** {@code load FILE}: KEY TAB VALUE lines, in batches. */
  @Command(name = "load", description = "Puts the KEY<TAB>VALUE lines of FILE, in batches.")
  static final class Load extends WithIndex implements Runnable {
    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
        description = "entries per call (default ${DEFAULT-VALUE}; also at most 1 MiB)")
    int batch;

    @Override
    public void run() {
      BigMap map = map();
      long n = 0;
      long lineNo = 0;
      List<BigMapApi.Entry> pending = new ArrayList<>();
      long bytes = 0;
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lineNo++;
          if (line.isEmpty()) {
            continue;
          }
          int tab = line.indexOf('\t');
          if (tab < 0) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": no TAB between key and "
                + "value");
          }
          BigMapApi.Entry e = new BigMapApi.Entry(BigMapApi.utf8(line.substring(0, tab)),
              BigMapApi.utf8(line.substring(tab + 1)));
          pending.add(e);
          bytes += e.key().length() + e.value().length();
          if (pending.size() >= Math.max(1, batch) || bytes >= (1 << 20)) {
            map.putAll(pending);
            n += pending.size();
            pending.clear();
            bytes = 0;
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
      }
      if (!pending.isEmpty()) {
        map.putAll(pending);
        n += pending.size();
      }
      out().println("loaded " + n);
      out().flush();
    }
  }

  /** {@code scan PREFIX}: KEY TAB VALUE lines in key order. */
  @Command(name = "scan", description = "Prints KEY<TAB>VALUE lines of the keys starting with "
      + "PREFIX, in key order.")
  static final class Scan extends WithIndex implements Runnable {
    @Parameters(index = "0", paramLabel = "PREFIX") String prefix;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
        description = "at most N entries (default ${DEFAULT-VALUE})")
    long limit;

    @Override
    public void run() {
      if (limit < 0) {
        throw new IllegalArgumentException("--limit must be >= 0");
      }
      for (BigMapApi.Entry e : map().scan(BigMapApi.utf8(prefix), limit)) {
        out().println(text(e.key()) + "\t" + text(e.value()));
      }
      out().flush();
    }
  }

  /** {@code stats}: one line per bucket. */
  @Command(name = "stats", description = "One line per bucket: id, subnet, keys, bytes "
      + "(TAB-separated).")
  static final class Stats extends WithIndex implements Runnable {
    @Override
    public void run() {
      for (BigMapApi.BucketInfo b : map().stats().buckets()) {
        out().println(b.id().toText() + "\t" + b.subnet().toText() + "\t" + b.keys() + "\t"
            + b.bytes());
      }
      out().flush();
    }
  }
}
