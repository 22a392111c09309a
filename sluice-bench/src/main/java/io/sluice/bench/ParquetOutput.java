package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Parquet data files an engine wrote under a table directory: {@code .parquet} files only, none
 * under a directory whose name starts with {@code _} or {@code .} (Sluice's {@code _sluice/}, Spark's
 * {@code _temporary}), and the partitions (directories) holding them.
 *
 * @param sizes each data file's size in bytes (kept ascending)
 * @param partitions the number of directories that hold data files
 */
public record ParquetOutput(List<Long> sizes, int partitions) {
  public ParquetOutput {
    sizes = sizes.stream().sorted().toList();
  }

  /** Scans {@code table}. */
  public static ParquetOutput scan(Path table) throws IOException {
    List<Long> sizes = new ArrayList<>();
    Set<Path> dirs = new HashSet<>();
    for (Path p : dataFiles(table)) {
      sizes.add(Files.size(p));
      dirs.add(p.getParent());
    }
    return new ParquetOutput(sizes, dirs.size());
  }

  /** The data files under {@code table}, at any depth, in path order: as {@link #scan} counts them. */
  public static List<Path> dataFiles(Path table) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(table)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet") && !hidden(table.relativize(p))) {
          files.add(p);
        }
      }
    }
    files.sort(null);
    return files;
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  public int files() {
    return sizes.size();
  }

  public long totalBytes() {
    return sizes.stream().mapToLong(Long::longValue).sum();
  }

  public long minBytes() {
    return sizes.isEmpty() ? 0 : sizes.get(0);
  }

  public long maxBytes() {
    return sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1);
  }

  /** The median size (the lower middle one of an even count). */
  public long medianBytes() {
    return sizes.isEmpty() ? 0 : sizes.get((sizes.size() - 1) / 2);
  }
}
