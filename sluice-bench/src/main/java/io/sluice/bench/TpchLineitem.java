package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * TPC-H {@code lineitem} in dbgen's text format (pipe-delimited, every line ending with {@code |}),
 * generated ({@link TpchData}) by {@code io.trino.tpch:tpch} (the Java port of dbgen that Trino uses) for a scale factor,
 * into {@code files} files {@code lineitem.tbl.1 .. N} of one directory: the generator's parts
 * {@code 1..N} of {@code N}, which together are the table. Several files, so that every engine
 * reading the directory can read them in parallel. A marker file ({@link #MARKER}, its name starting
 * with {@code _} so that Sluice, Spark and the harness's globs skip it) records what was generated;
 * generating again with the same scale factor and file count is skipped.
 *
 * <pre>
 * java -cp sluice-bench.jar io.sluice.bench.TpchLineitem --sf 1 --files 4 --dir target/tpch/sf1
 * </pre>
 */
public final class TpchLineitem {
  /** The marker of a finished generation: scale factor, files, rows, bytes and the sum of l_extendedprice. */
  public static final String MARKER = TpchData.Table.LINEITEM.marker();

  /** The columns as {@code Schema.parse} (and {@code sluice convert --schema}) takes them. */
  public static final String SCHEMA = "l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_linenumber int,"
      + " l_quantity decimal(15,2), l_extendedprice decimal(15,2), l_discount decimal(15,2), l_tax decimal(15,2),"
      + " l_returnflag string, l_linestatus string, l_shipdate date, l_commitdate date, l_receiptdate date,"
      + " l_shipinstruct string, l_shipmode string, l_comment string";

  /** The same columns as DuckDB's {@code read_csv(columns = ...)} takes them, in order. */
  public static final String DUCKDB_COLUMNS = "{'l_orderkey': 'BIGINT', 'l_partkey': 'BIGINT', 'l_suppkey': 'BIGINT',"
      + " 'l_linenumber': 'INTEGER', 'l_quantity': 'DECIMAL(15,2)', 'l_extendedprice': 'DECIMAL(15,2)',"
      + " 'l_discount': 'DECIMAL(15,2)', 'l_tax': 'DECIMAL(15,2)', 'l_returnflag': 'VARCHAR', 'l_linestatus': 'VARCHAR',"
      + " 'l_shipdate': 'DATE', 'l_commitdate': 'DATE', 'l_receiptdate': 'DATE', 'l_shipinstruct': 'VARCHAR',"
      + " 'l_shipmode': 'VARCHAR', 'l_comment': 'VARCHAR'}";

  /** What a generation wrote: the table's rows, bytes and sum of {@code l_extendedprice} in cents, over all files. */
  public record Generated(double scaleFactor, int files, long rows, long bytes, long extendedPriceCents) {}

  private TpchLineitem() {}

  /** The name of file {@code part} (1-based) of the table. */
  public static String fileName(int part) {
    return TpchData.Table.LINEITEM.fileName(part);
  }

  /**
   * Generates the table at {@code scaleFactor} into {@code files} files in {@code dir} on {@code threads}
   * threads, unless the marker there says it already holds that (then nothing is written).
   */
  public static Generated generate(double scaleFactor, int files, Path dir, int threads) throws IOException {
    return of(TpchData.generate(TpchData.Table.LINEITEM, scaleFactor, files, dir, threads));
  }

  /** What the marker in {@code dir} records, or null if there is none (or a file it names is missing). */
  public static Generated existing(Path dir) throws IOException {
    TpchData.Generated g = TpchData.existing(TpchData.Table.LINEITEM, dir);
    return g == null ? null : of(g);
  }

  private static Generated of(TpchData.Generated g) {
    return new Generated(g.scaleFactor(), g.files(), g.rows(), g.bytes(), g.sumCents());
  }

  /** {@code --sf SF --files N --dir DIR [--threads T]}: generates (or finds) the table and prints what it holds. */
  public static void main(String[] args) throws IOException {
    double sf = 1;
    int files = 4;
    int threads = Runtime.getRuntime().availableProcessors();
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--sf" -> sf = Double.parseDouble(required(args[i], value));
        case "--files" -> files = Integer.parseInt(required(args[i], value));
        case "--threads" -> threads = Integer.parseInt(required(args[i], value));
        case "--dir" -> dir = Path.of(required(args[i], value));
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; use --sf SF --files N --dir DIR [--threads T]");
      }
      i++;
    }
    if (dir == null) {
      throw new IllegalArgumentException("--dir DIR is required: where the lineitem files go");
    }
    long t0 = System.nanoTime();
    Generated g = generate(sf, files, dir, threads);
    System.out.printf(Locale.ROOT, "lineitem sf %s: %,d rows, %,d bytes in %d files in %s (%.1f s)%n", sf, g.rows(), g.bytes(),
        g.files(), dir, (System.nanoTime() - t0) / 1e9);
  }

  static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
