package io.sluice.pipeline.internal;

import io.sluice.pipeline.ByteSize;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.shuffle.KeyEncoder;
import io.sluice.shuffle.ShuffleReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The partition-wise hash join of one reduce task, spilling to local disk when its build side
 * outgrows {@code memoryBytes}: Grace hashing. Every build (right) row comes first ({@link
 * #addBuild}), then every probe (left) row ({@link #addProbe}), then {@link #finish}. While the build
 * side fits, it is a {@link JoinTable} and each probe row is joined as it comes. Past the budget, the
 * rows held and every build row after them go to 16 sub-partitions of a local
 * file by a key hash re-mixed with a seed per level (all rows of one reduce task share the low bits
 * of the shuffle's partition hash), and so do the probe rows (one whose sub-partition has no build
 * row is answered at once); {@link #finish} then joins each pair of sub-partitions, a build table at
 * a time, and a pair whose build side still does not fit is split again, one level deeper with a new
 * seed, up to {@code maxDepth} levels, past which the task fails naming what did not fit (one key
 * with more build rows than fit). A key with a null field matches nothing: such build rows are
 * dropped, such probe rows are emitted at once unmatched by a left join. Every match goes to {@link
 * Match} with both rows; an unmatched probe row of a left join with {@code build == null}; the order
 * of the output is not the input's once it spills. Memory: about {@code memoryBytes} of build rows
 * plus a quarter of it of blocks being written. Spill files are deleted as soon as they are read, and
 * by {@link #close} on failure. Not thread-safe.
 */
public final class GraceJoin implements AutoCloseable {
  /** Spill levels allowed by default: 16^4 = 65,536 times the memory budget before a key is to blame. */
  public static final int DEFAULT_MAX_DEPTH = 4;

  /** Where the join's output goes: a probe row and its matching build row (null: an unmatched probe row of a left join). */
  @FunctionalInterface
  public interface Match {
    /** Both rows are reused after the call returns: copy what is kept. */
    void accept(Row probe, Row build) throws Exception;
  }

  private enum Phase { BUILD, PROBE, DONE }

  private final Schema buildSchema;
  private final int[] buildKeys;
  private final Schema probeSchema;
  private final KeyEncoder buildKey;
  private final KeyEncoder probeKey;
  private final boolean leftOuter;
  private final long memoryBytes;
  private final Path tempDir;
  private final int maxDepth;
  private final String what;
  private final Match match;
  private final Deque<AutoCloseable> live = new ArrayDeque<>();
  private Phase phase = Phase.BUILD;
  private JoinTable table;
  private SpillRun.Writer buildSpill;
  private SpillRun buildRun;
  private SpillRun.Writer probeSpill;
  private long spilledBytes;
  private int levels;

  /**
   * A join of probe rows of {@code probeSchema} (key fields {@code probeKeys}) with build rows of
   * {@code buildSchema} (key fields {@code buildKeys}, of compatible types: {@link
   * KeyEncoder#compatible}), holding about {@code memoryBytes} of build rows before it spills to
   * {@code tempDir}, at most {@link #DEFAULT_MAX_DEPTH} levels deep; {@code what} names it in errors.
   *
   * @throws IllegalArgumentException if the keys do not pair up
   */
  public GraceJoin(Schema buildSchema, int[] buildKeys, Schema probeSchema, int[] probeKeys, boolean leftOuter,
      long memoryBytes, Path tempDir, String what, Match match) {
    this(buildSchema, buildKeys, probeSchema, probeKeys, leftOuter, memoryBytes, tempDir, what, match, DEFAULT_MAX_DEPTH);
  }

  /** As {@link #GraceJoin(Schema, int[], Schema, int[], boolean, long, Path, String, Match)}, spilling at most {@code maxDepth} levels deep. */
  public GraceJoin(Schema buildSchema, int[] buildKeys, Schema probeSchema, int[] probeKeys, boolean leftOuter,
      long memoryBytes, Path tempDir, String what, Match match, int maxDepth) {
    this.what = Objects.requireNonNull(what, "what");
    if (buildKeys.length != probeKeys.length || buildKeys.length == 0) {
      throw new IllegalArgumentException(what + ": a join needs as many probe keys as build keys, at least one; got "
          + probeKeys.length + " and " + buildKeys.length);
    }
    for (int i = 0; i < buildKeys.length; i++) {
      if (!KeyEncoder.compatible(buildSchema.field(buildKeys[i]).type(), probeSchema.field(probeKeys[i]).type())) {
        throw new IllegalArgumentException(what + ": join key " + (i + 1) + " pairs probe column '"
            + probeSchema.field(probeKeys[i]).name() + "' (" + probeSchema.field(probeKeys[i]).type().toSql()
            + ") with build column '" + buildSchema.field(buildKeys[i]).name() + "' ("
            + buildSchema.field(buildKeys[i]).type().toSql() + "), whose values never"
            + " compare equal");
      }
    }
    if (memoryBytes < 1) {
      throw new IllegalArgumentException("The memory budget of " + what + " must be positive, got " + memoryBytes);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException(what + " needs at least one spill level, got " + maxDepth);
    }
    this.buildSchema = buildSchema;
    this.buildKeys = buildKeys.clone();
    this.probeSchema = probeSchema;
    this.buildKey = new KeyEncoder(buildSchema, buildKeys);
    this.probeKey = new KeyEncoder(probeSchema, probeKeys);
    this.leftOuter = leftOuter;
    this.memoryBytes = memoryBytes;
    this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
    this.maxDepth = maxDepth;
    this.match = Objects.requireNonNull(match, "match");
    this.table = newTable();
  }

  private JoinTable newTable() {
    return new JoinTable(buildSchema, buildKeys, Long.MAX_VALUE, what);
  }

  /** Adds build row {@code row} (of the build schema); every build row comes before the first probe row. */
  public void addBuild(Row row) throws IOException {
    if (phase != Phase.BUILD) {
      throw new IllegalStateException(what + ": a build row came after the probe rows started");
    }
    if (buildSpill != null) {
      writeBuild(buildSpill, row);
      return;
    }
    table.add(row);
    if (table.bytes() > memoryBytes) {
      buildSpill = writer(buildSchema, 0);
      levels = 1;
      spillTable(table, buildSpill);
      table = null;
    }
  }

  /** Joins probe row {@code row} (of the probe schema): at once while the build side is in memory, else at {@link #finish}. */
  public void addProbe(Row row) throws Exception {
    if (phase == Phase.BUILD) {
      startProbe();
    } else if (phase == Phase.DONE) {
      throw new IllegalStateException(what + ": a probe row came after the join finished");
    }
    if (table != null) {
      probe(table, row);
      return;
    }
    probeKey.encode(row);
    if (probeKey.hasNull()) {
      if (leftOuter) {
        match.accept(row, null);
      }
      return;
    }
    long h = probeKey.hash();
    if (buildRun.rows(SpillRun.partition(h, 0)) == 0) {
      if (leftOuter) {
        match.accept(row, null);
      }
      return;
    }
    probeSpill.write(h, row);
  }

  private void startProbe() throws IOException {
    phase = Phase.PROBE;
    if (buildSpill != null) {
      buildRun = finish(buildSpill);
      buildSpill = null;
      probeSpill = writer(probeSchema, 0);
    }
  }

  /** Joins what was spilled, then deletes every spill file. The join cannot be used afterwards. */
  public void finish() throws Exception {
    if (phase == Phase.DONE) {
      throw new IllegalStateException(what + " has finished already");
    }
    if (phase == Phase.BUILD) {
      startProbe();
    }
    phase = Phase.DONE;
    table = null;
    if (buildRun == null) {
      return;
    }
    try {
      SpillRun probeRun = finish(probeSpill);
      probeSpill = null;
      SpillRun b = buildRun;
      buildRun = null;
      join(b, probeRun, 1, "");
    } catch (Throwable t) {
      try {
        close();
      } catch (RuntimeException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
  }

  /** Joins each pair of sub-partitions of {@code build} and {@code probe} (spill level {@code level}). */
  private void join(SpillRun build, SpillRun probe, int level, String path) throws Exception {
    for (int p = 0; p < SpillRun.FANOUT; p++) {
      if (probe.rows(p) == 0) {
        continue; // build rows without probe rows make nothing (not a right or full join)
      }
      String at = path + (path.isEmpty() ? "" : "/") + p;
      JoinTable t = newTable();
      SpillRun.Writer next = null;
      try (ShuffleReader r = build.open(p)) {
        while (r.next()) {
          if (next != null) {
            writeBuild(next, r.row());
            continue;
          }
          t.add(r.row());
          if (t.bytes() > memoryBytes) {
            if (level >= maxDepth) {
              throw new IllegalStateException("The build side of " + what + " does not fit its memory budget of "
                  + ByteSize.format(memoryBytes) + " even after " + maxDepth + " levels of spilling to local disk:"
                  + " sub-partition " + at + " holds " + build.rows(p) + " build rows (" + ByteSize.format(build.bytes(p))
                  + " on disk), and " + t.rows() + " of them already take " + ByteSize.format(t.bytes()) + ". A few keys"
                  + " have more build rows than fit: put the input with fewer rows per key on the right, or give the"
                  + " executor more memory");
            }
            next = writer(buildSchema, level);
            levels = Math.max(levels, level + 1);
            spillTable(t, next);
            t = null;
          }
        }
      }
      if (next == null) {
        try (ShuffleReader r = probe.open(p)) {
          while (r.next()) {
            probe(t, r.row());
          }
        }
        continue;
      }
      SpillRun subBuild = finish(next);
      SpillRun.Writer probes = writer(probeSchema, level);
      try (ShuffleReader r = probe.open(p)) {
        while (r.next()) {
          probeKey.encode(r.row());
          long h = probeKey.hash();
          if (subBuild.rows(SpillRun.partition(h, level)) == 0) {
            if (leftOuter) {
              match.accept(r.row(), null);
            }
          } else {
            probes.write(h, r.row());
          }
        }
      }
      join(subBuild, finish(probes), level + 1, at);
    }
    build.close();
    live.remove(build);
    probe.close();
    live.remove(probe);
  }

  private void probe(JoinTable t, Row row) throws Exception {
    int matched = t.probe(probeKey, row, b -> match.accept(row, b));
    if (matched == 0 && leftOuter) {
      match.accept(row, null);
    }
  }

  private void writeBuild(SpillRun.Writer w, Row row) throws IOException {
    buildKey.encode(row);
    if (!buildKey.hasNull()) {
      w.write(buildKey.hash(), row);
    }
  }

  private void spillTable(JoinTable t, SpillRun.Writer w) throws IOException {
    try {
      t.forEachRow(row -> writeBuild(w, row));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // writeBuild only throws IOException
    }
  }

  private SpillRun.Writer writer(Schema schema, int level) {
    SpillRun.Writer w = new SpillRun.Writer(schema, level, Math.max(1, memoryBytes / 4), tempDir);
    live.push(w);
    return w;
  }

  private SpillRun finish(SpillRun.Writer w) throws IOException {
    SpillRun run = w.finish();
    live.remove(w);
    live.push(run);
    spilledBytes += w.spilledBytes();
    return run;
  }

  /** Bytes written to local disk so far (0 when the build side fitted in memory). */
  public long spilledBytes() {
    return spilledBytes;
  }

  /** The deepest level of spilling so far: 0 when the build side fitted in memory. */
  public int spillLevels() {
    return levels;
  }

  /** Deletes the spill files left (a task that fails part way). */
  @Override
  public void close() {
    phase = Phase.DONE;
    table = null;
    buildSpill = null;
    probeSpill = null;
    buildRun = null;
    while (!live.isEmpty()) {
      try {
        live.pop().close();
      } catch (Exception e) {
        throw new IllegalStateException("Cannot clean up the spill files of " + what, e);
      }
    }
  }
}
