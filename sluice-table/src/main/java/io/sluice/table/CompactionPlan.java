package io.sluice.table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which files of a snapshot a compaction rewrites. For each partition, the files smaller than the
 * target size are its small files; when there are at least {@code minFiles} of them and rewriting
 * them makes fewer files, they are one {@link Group}, rewritten into {@code n = ceil(totalBytes /
 * targetBytes)} files (totalBytes: the small files' bytes). Files at or above the target are left
 * alone, as are partitions with fewer small files than {@code minFiles} (default {@value
 * #DEFAULT_MIN_FILES}) and partitions where {@code n} would not be fewer than the small files (two
 * files of 60% of the target each stay two files).
 *
 * <pre>{@code
 * CompactionPlan plan = CompactionPlan.of(manifest.latestOrFail(), 128L << 20);
 * for (CompactionPlan.Group g : plan.groups()) { ... rewrite g.inputs() into g.outputFiles() files ... }
 * }</pre>
 *
 * @param version the version of the snapshot planned from
 * @param targetBytes the target size of a file
 * @param minFiles the fewest small files a partition needs to be compacted
 * @param groups one per partition to compact, in partition order
 */
public record CompactionPlan(long version, long targetBytes, int minFiles, List<Group> groups) {
  /** A partition is compacted once it has at least this many small files, by default. */
  public static final int DEFAULT_MIN_FILES = 2;

  public CompactionPlan {
    groups = List.copyOf(groups);
  }

  /**
   * One partition's small files and how many files they become. A record, so it travels in a task's
   * input as JSON.
   *
   * @param partition the partition directory ({@code ""} when unpartitioned)
   * @param partitionValues its values, as {@link DataFile#partitionValues()}
   * @param inputs the small files, in path order (the order they are read in)
   * @param outputFiles how many files they become: {@code ceil(bytes / targetBytes)}
   */
  public record Group(String partition, Map<String, String> partitionValues, List<DataFile> inputs, int outputFiles) {
    public Group {
      Objects.requireNonNull(partition, "partition");
      inputs = List.copyOf(inputs);
      if (inputs.isEmpty() || outputFiles < 1) {
        throw new IllegalArgumentException("A compaction group of partition '" + partition + "' needs inputs and at least one"
            + " output file; has " + inputs.size() + " inputs and " + outputFiles + " outputs");
      }
      for (DataFile f : inputs) {
        if (!f.partition().equals(partition)) {
          throw new IllegalArgumentException("Compaction group of partition '" + partition + "' holds '" + f.path()
              + "' of another partition");
        }
      }
    }

    /** Bytes of the inputs. */
    public long bytes() {
      return inputs.stream().mapToLong(DataFile::bytes).sum();
    }

    /** Rows of the inputs, as the manifest records them. */
    public long rows() {
      return inputs.stream().mapToLong(DataFile::rows).sum();
    }

    /**
     * The path of output file {@code seq} (from 0), relative to the table: {@code
     * <partition>part-c<version>-<hash>-<seq>.<format>}. Deterministic: a retried rewrite of the same
     * group writes the same names (and replaces them), while a different group planned from the same
     * version (another target size, other inputs) gets other names, since the hash is of the inputs'
     * paths and the output count.
     */
    public String outputPath(long version, int seq, String format) {
      return partition + String.format("part-c%08d-%s-%05d.%s", version, hash(), seq, format);
    }

    private String hash() {
      try {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (DataFile f : inputs) {
          d.update(f.path().getBytes(StandardCharsets.UTF_8));
          d.update((byte) '\n');
        }
        d.update(Integer.toString(outputFiles).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest(), 0, 4);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }

  /** The plan for {@code snapshot} with the default threshold ({@value #DEFAULT_MIN_FILES} small files). */
  public static CompactionPlan of(TableSnapshot snapshot, long targetBytes) {
    return of(snapshot, targetBytes, DEFAULT_MIN_FILES);
  }

  /**
   * The plan for {@code snapshot}.
   *
   * @throws IllegalArgumentException if {@code targetBytes} is not positive or {@code minFiles} is below 2
   */
  public static CompactionPlan of(TableSnapshot snapshot, long targetBytes, int minFiles) {
    Objects.requireNonNull(snapshot, "snapshot");
    if (targetBytes < 1) {
      throw new IllegalArgumentException("The target file size of a compaction must be positive, was " + targetBytes);
    }
    if (minFiles < 2) {
      throw new IllegalArgumentException("A compaction needs a threshold of at least 2 small files (one file cannot be"
          + " merged with nothing), was " + minFiles);
    }
    List<Group> groups = new ArrayList<>();
    snapshot.partitions().forEach((partition, files) -> {
      List<DataFile> small = files.stream().filter(f -> f.bytes() < targetBytes).toList();
      if (small.size() < minFiles) {
        return;
      }
      long bytes = small.stream().mapToLong(DataFile::bytes).sum();
      long n = Math.max(1, (bytes + targetBytes - 1) / targetBytes);
      if (n >= small.size()) {
        return;
      }
      groups.add(new Group(partition, small.get(0).partitionValues(), small, (int) n));
    });
    return new CompactionPlan(snapshot.version(), targetBytes, minFiles, groups);
  }

  /** Whether there is nothing to compact. */
  public boolean isEmpty() {
    return groups.isEmpty();
  }
}
