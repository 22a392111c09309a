package io.sluice.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.sluice.parquet.ParquetFormat;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.CsvFormat;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import io.sluice.table.DataFile;
import io.sluice.table.FileSink;
import io.sluice.table.PartitionSpec;
import io.sluice.table.PartitionedWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of a {@link PartitionedWriter} writing Snappy Parquet into 84 partitions, at several input
 * sizes, each in a fresh JVM: does the heap grow with the input?
 *
 * <p>The parent generates lineitem-shaped rows (16 columns: 4 longs and ints, 4 decimals, 3 dates, 5
 * strings; {@code l_shipdate} uniform over 1992-1998, so {@code year(l_shipdate), month(l_shipdate)}
 * gives 84 partitions, every one met within the first few hundred rows) as a pipe-delimited file per
 * size. For each size a child JVM ({@code -Xmx} as given, G1) reads that file with {@link CsvFormat}
 * and writes it through one {@link PartitionedWriter} with {@link ParquetFormat} (Snappy) to a temp
 * directory, with the writer's defaults unless told otherwise (512 MiB budget / 128 MiB row groups = 4
 * open writers, 64 MiB spill buffer, 256 MiB target files). The child measures:
 *
 * <ul>
 *   <li><b>max heap after GC</b>: the largest heap used (summed over the heap pools) right after any
 *       collection, from the GC notifications of every collector, from the start of the read to the
 *       end of {@code finish()}: live data plus whatever garbage that collection left (an upper bound
 *       of the live peak as collections saw it);
 *   <li><b>live at samples</b>: heap used after a forced full {@code System.gc()} every {@value
 *       #SAMPLE_EVERY} rows read, and once per file when its first row group is flushed (the first
 *       bytes after the header: the writer's whole row group is still live then). The time these take
 *       is left out of the seconds.
 * </ul>
 *
 * <pre>
 *   scripts/bench-partitioned-heap [--rows 1000000,4000000] [--xmx 1g] [--row-group-mb 128] [--budget-mb 512]
 *       [--spill-buffer-mb 64] [--target-mb 256]
 * </pre>
 */
public final class PartitionedWriteHeap {
  static final int SAMPLE_EVERY = 250_000;
  static final Schema LINEITEM = Schema.builder()
      .required("l_orderkey", FieldType.INT64)
      .required("l_partkey", FieldType.INT64)
      .required("l_suppkey", FieldType.INT64)
      .required("l_linenumber", FieldType.INT32)
      .required("l_quantity", FieldType.decimal(12, 2))
      .required("l_extendedprice", FieldType.decimal(12, 2))
      .required("l_discount", FieldType.decimal(12, 2))
      .required("l_tax", FieldType.decimal(12, 2))
      .required("l_returnflag", FieldType.STRING)
      .required("l_linestatus", FieldType.STRING)
      .required("l_shipdate", FieldType.DATE)
      .required("l_commitdate", FieldType.DATE)
      .required("l_receiptdate", FieldType.DATE)
      .required("l_shipinstruct", FieldType.STRING)
      .required("l_shipmode", FieldType.STRING)
      .required("l_comment", FieldType.STRING)
      .build();
  static final CsvFormat PIPES = CsvFormat.builder().delimiter('|').newlinesInQuotes(false).build();
  static final String SPEC = "year(l_shipdate), month(l_shipdate)";
  private static final String[] INSTRUCT = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
  private static final String[] MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
  private static final String[] WORDS = {"furiously", "quickly", "carefully", "blithely", "slyly", "final", "ironic",
      "regular", "express", "pending", "deposits", "packages", "accounts", "requests", "theodolites", "pinto", "beans",
      "foxes", "ideas", "instructions", "across", "among", "above", "sleep", "wake", "haggle", "nag", "cajole"};

  private PartitionedWriteHeap() {}

  /** Settings passed from the parent to each child. */
  record Settings(long rowGroupBytes, long budgetBytes, long spillBufferBytes, long targetBytes) {
    List<String> args() {
      return List.of(Long.toString(rowGroupBytes), Long.toString(budgetBytes), Long.toString(spillBufferBytes),
          Long.toString(targetBytes));
    }

    static Settings of(String[] a, int at) {
      return new Settings(Long.parseLong(a[at]), Long.parseLong(a[at + 1]), Long.parseLong(a[at + 2]), Long.parseLong(a[at + 3]));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Path.of(args[1]), Path.of(args[2]), Settings.of(args, 3));
      return;
    }
    List<Long> sizes = List.of(1_000_000L, 4_000_000L);
    String xmx = "1g";
    long mib = 1L << 20;
    long rowGroup = 128 * mib;
    long budget = 512 * mib;
    long spillBuffer = 64 * mib;
    long target = 256 * mib;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--rows" -> sizes = List.of(v.split(",")).stream().map(s -> Long.parseLong(s.strip().replace("_", ""))).toList();
        case "--xmx" -> xmx = v;
        case "--row-group-mb" -> rowGroup = Long.parseLong(v) * mib;
        case "--budget-mb" -> budget = Long.parseLong(v) * mib;
        case "--spill-buffer-mb" -> spillBuffer = Long.parseLong(v) * mib;
        case "--target-mb" -> target = Long.parseLong(v) * mib;
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; use --rows N,N,... --xmx 1g --row-group-mb M --budget-mb M --spill-buffer-mb M --target-mb M");
      }
    }
    Settings settings = new Settings(rowGroup, budget, spillBuffer, target);
    System.out.printf("Partitioned Parquet writer, %s partitions by %s; Snappy, row groups %d MiB, budget %d MiB (%d open writers),"
            + " spill buffer %d MiB, target files %d MiB; each size in a fresh JVM with -Xmx%s -XX:+UseG1GC; %s, %d cores%n%n",
        84, SPEC, rowGroup / mib, budget / mib, Math.max(1, budget / rowGroup), spillBuffer / mib, target / mib, xmx,
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.println("| rows | input MB | files | output MB | max heap after GC, MB | live at samples (max), MB | samples | seconds |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (long rows : sizes) {
      Path dir = Files.createTempDirectory("sluice-partitioned-heap");
      try {
        Path input = dir.resolve("lineitem.tbl");
        generate(input, rows);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + xmx, "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
            PartitionedWriteHeap.class.getName(), "--child", input.toString(), dir.toString()));
        cmd.addAll(settings.args());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        List<String> other = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("RESULT ")) {
              result = line.substring(7);
            } else if (other.size() < 40) {
              other.add(line);
            }
          }
        }
        int code = p.waitFor();
        if (code != 0 || result == null) {
          throw new IllegalStateException("The child JVM for " + rows + " rows failed (exit " + code + "):\n"
              + String.join("\n", other));
        }
        System.out.println(result);
      } finally {
        Benchmarks.delete(dir);
      }
    }
    System.out.printf("%nmax heap after GC: the most heap used (all heap pools) right after any collection, from GC"
        + " notifications; includes the garbage young collections leave in the old generation.%n"
        + "live at samples: heap used after a forced System.gc() every %,d rows and at each file's first row-group flush"
        + " (not counted in the seconds).%n", SAMPLE_EVERY);
  }

  /** Writes {@code rows} lineitem-shaped rows, pipe-delimited, to {@code file} (seed 42). */
  static void generate(Path file, long rows) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    MutableRow row = new MutableRow(LINEITEM);
    int first = (int) LocalDate.of(1992, 1, 1).toEpochDay();
    int days = (int) (LocalDate.of(1999, 1, 1).toEpochDay() - first);
    StringBuilder comment = new StringBuilder();
    try (RecordWriter out = PIPES.writer(Files.newOutputStream(file), LINEITEM)) {
      for (long i = 0; i < rows; i++) {
        row.setLong(0, i / 4 + 1);
        row.setLong(1, 1 + random.nextInt(200_000));
        row.setLong(2, 1 + random.nextInt(10_000));
        row.setInt(3, (int) (i % 4) + 1);
        long quantity = 1 + random.nextInt(50);
        row.setDecimalUnscaled(4, quantity * 100);
        row.setDecimalUnscaled(5, quantity * (90_000 + random.nextInt(1_000_000)));
        row.setDecimalUnscaled(6, random.nextInt(11));
        row.setDecimalUnscaled(7, random.nextInt(9));
        row.setString(8, random.nextInt(2) == 0 ? "N" : random.nextBoolean() ? "R" : "A");
        row.setString(9, random.nextBoolean() ? "O" : "F");
        int ship = first + random.nextInt(days);
        row.setInt(10, ship);
        row.setInt(11, ship - 30 + random.nextInt(61));
        row.setInt(12, ship + 1 + random.nextInt(30));
        row.setString(13, INSTRUCT[random.nextInt(INSTRUCT.length)]);
        row.setString(14, MODES[random.nextInt(MODES.length)]);
        comment.setLength(0);
        int words = 2 + random.nextInt(5);
        for (int w = 0; w < words; w++) {
          comment.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        row.setString(15, comment.toString());
        out.write(row);
      }
    }
  }

  /** The child: reads the file, writes it partitioned, prints one RESULT line (a Markdown table row). */
  static void child(Path input, Path dir, Settings s) throws Exception {
    HeapWatch watch = new HeapWatch();
    Path out = dir.resolve("table");
    Path spill = dir.resolve("spill");
    ParquetFormat parquet = ParquetFormat.builder().compression(ParquetFormat.Compression.SNAPPY).rowGroupBytes(s.rowGroupBytes())
        .build();
    PartitionSpec spec = PartitionSpec.parse(SPEC, LINEITEM);
    FileSink local = FileSink.directory(out);
    // the first bytes after Parquet's 4-byte header come when the first row group is flushed, while it is live
    FileSink sampled = path -> new SamplingStream(local.create(path), watch, 5);
    watch.start();
    long t0 = System.nanoTime();
    List<DataFile> files;
    long rows = 0;
    InputFile in = InputFile.of(input);
    try (PartitionedWriter writer = PartitionedWriter.builder(spec, parquet, sampled, "t00001")
        .memoryBudgetBytes(s.budgetBytes()).spillBufferBytes(s.spillBufferBytes()).targetFileBytes(s.targetBytes())
        .spillDir(spill).build()) {
      for (Split split : PIPES.splits(in, Long.MAX_VALUE)) {
        try (RecordReader r = PIPES.reader(in, split, LINEITEM, ReadOptions.of(BadRecordPolicy.fail()))) {
          while (r.next()) {
            writer.write(r.row());
            if (++rows % SAMPLE_EVERY == 0) {
              watch.sample();
            }
          }
        }
      }
      watch.sample();
      files = writer.finish();
    }
    double seconds = (System.nanoTime() - t0 - watch.sampleNanos) / 1e9;
    watch.stop();
    Set<String> partitions = files.stream().map(DataFile::partition).collect(Collectors.toSet());
    if (partitions.size() != 84) {
      throw new IllegalStateException("Expected 84 partitions, got " + partitions.size());
    }
    long written = files.stream().mapToLong(DataFile::rows).sum();
    if (written != rows) {
      throw new IllegalStateException("Read " + rows + " rows but the files hold " + written);
    }
    long outBytes = files.stream().mapToLong(DataFile::bytes).sum();
    System.out.printf("RESULT | %,d | %.0f | %d | %.0f | %.0f | %.0f | %d | %.1f |%n", rows, in.length() / 1e6, files.size(),
        outBytes / 1e6, watch.maxAfterGc.get() / 1e6, watch.maxSampled / 1e6, watch.samples, seconds);
  }

  /** Heap used after collections (from GC notifications) and at forced full-GC samples. */
  static final class HeapWatch {
    final AtomicLong maxAfterGc = new AtomicLong();
    final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    volatile boolean on;
    long maxSampled;
    int samples;
    long sampleNanos;

    void start() {
      System.gc();
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
          if (!on || !n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
          }
          var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long used = 0;
          for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
              used += e.getValue().getUsed();
            }
          }
          maxAfterGc.accumulateAndGet(used, Math::max);
        }, null, null);
      }
      on = true;
    }

    void stop() {
      on = false;
    }

    /** A forced full collection, then the heap used: what is live now. */
    void sample() {
      long t = System.nanoTime();
      System.gc();
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      maxSampled = Math.max(maxSampled, heap.getUsed());
      samples++;
      sampleNanos += System.nanoTime() - t;
    }
  }

  /** A file's stream that samples the heap once per file, when its bytes reach a threshold. */
  static final class SamplingStream extends OutputStream {
    private final OutputStream out;
    private final HeapWatch watch;
    private final long threshold;
    private long pending;
    private boolean sampled;

    SamplingStream(OutputStream out, HeapWatch watch, long threshold) {
      this.out = out;
      this.watch = watch;
      this.threshold = threshold;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      pending += len;
      if (!sampled && pending >= threshold) {
        sampled = true;
        watch.sample();
      }
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
