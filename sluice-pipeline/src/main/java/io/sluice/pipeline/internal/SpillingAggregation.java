package io.sluice.pipeline.internal;

import io.sluice.pipeline.Agg;
import io.sluice.pipeline.ByteSize;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.shuffle.KeyEncoder;
import io.sluice.shuffle.ShuffleReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The reduce side of a hash aggregation ({@link Aggregation#merge}) that spills to local disk when
 * its groups outgrow {@code memoryBytes}: Grace hashing. Partial rows are merged in memory; whenever
 * the groups held pass the budget, their partial rows are written ({@link Aggregation#emitPartials})
 * into 16 sub-partitions of a local file by a key hash re-mixed with a seed per
 * level (all rows of one reduce task share the low bits of the shuffle's partition hash), the table
 * is emptied, and merging goes on in memory, so a key that repeats is still combined before it
 * spills again. {@link #emitFinal} then merges each sub-partition on its own (a key lies in one
 * only); a sub-partition whose groups still pass the budget spills again, one level deeper with a
 * new seed, up to {@code maxDepth} levels, past which the task fails naming what did not fit. One
 * group alone over the budget is held, as the in-memory aggregation would: spilling cannot split it,
 * and its final value needs all of its state ({@code countDistinct} without keys, or of a key with
 * very many values); the budget then counts from its size on.
 * Merging is associative, so the result equals the in-memory aggregation's (floating-point sums up
 * to the order of addition, as across map tasks already); only the order of the groups differs.
 * Memory: about {@code memoryBytes} of groups plus a quarter of it of blocks being written; disk:
 * the partial rows spilled, about twice while a level's blocks are copied into its file. Spill
 * files are deleted as soon as they are read, and by {@link #close} on failure. Not thread-safe.
 */
public final class SpillingAggregation implements AutoCloseable {
  /** Spill levels allowed by default: 16^4 = 65,536 times the memory budget before a key is to blame. */
  public static final int DEFAULT_MAX_DEPTH = 4;

  private final Aggregation agg;
  private final KeyEncoder key;
  private final long memoryBytes;
  private final Path tempDir;
  private final int maxDepth;
  private final String what;
  private final Deque<AutoCloseable> live = new ArrayDeque<>();
  private SpillRun.Writer spill;
  private long limit;
  private long spilledBytes;
  private int levels;
  private boolean finished;

  /**
   * The reduce side of an aggregation of {@code input} by {@code keys} ({@link Aggregation#merge}),
   * holding about {@code memoryBytes} of groups before it spills to {@code tempDir}, at most {@link
   * #DEFAULT_MAX_DEPTH} levels deep; {@code what} names it in errors (a stage).
   */
  public SpillingAggregation(Schema input, List<String> keys, List<Agg> aggs, long memoryBytes, Path tempDir, String what) {
    this(input, keys, aggs, memoryBytes, tempDir, what, DEFAULT_MAX_DEPTH);
  }

  /** As {@link #SpillingAggregation(Schema, List, List, long, Path, String)}, spilling at most {@code maxDepth} levels deep. */
  public SpillingAggregation(Schema input, List<String> keys, List<Agg> aggs, long memoryBytes, Path tempDir, String what,
      int maxDepth) {
    if (memoryBytes < 1) {
      throw new IllegalArgumentException("The memory budget of the aggregation in " + what + " must be positive, got "
          + memoryBytes);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("The aggregation in " + what + " needs at least one spill level, got " + maxDepth);
    }
    this.agg = Aggregation.merge(input, keys, aggs);
    this.key = new KeyEncoder(agg.partialSchema(), agg.partialKeys());
    this.memoryBytes = memoryBytes;
    this.limit = memoryBytes;
    this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
    this.maxDepth = maxDepth;
    this.what = Objects.requireNonNull(what, "what");
  }

  /** The schema of the partial rows {@link #add} takes. */
  public Schema rowSchema() {
    return agg.rowSchema();
  }

  /** The schema of the rows {@link #emitFinal} emits. */
  public Schema finalSchema() {
    return agg.finalSchema();
  }

  /** Merges partial row {@code partialRow} (of {@link #rowSchema}); spills the groups held if they pass the budget. */
  public void add(Row partialRow) throws IOException {
    if (finished) {
      throw new IllegalStateException("The aggregation in " + what + " has emitted its result already");
    }
    agg.add(partialRow);
    if (overBudget()) {
      if (spill == null) {
        spill = writer(0);
        levels = Math.max(levels, 1);
      }
      spillGroups(spill);
    }
  }

  /**
   * Emits one final row per group (an aggregation without keys: exactly one row, even when no row
   * came), then deletes every spill file. The aggregation cannot be used afterwards.
   */
  public void emitFinal(Aggregation.Output out) throws Exception {
    if (finished) {
      throw new IllegalStateException("The aggregation in " + what + " has emitted its result already");
    }
    finished = true;
    if (spill == null) {
      agg.emitFinal(out);
      return;
    }
    try {
      spillGroups(spill);
      SpillRun run = finish(spill);
      spill = null;
      drain(run, 1, "", out);
    } catch (Throwable t) {
      try {
        close();
      } catch (RuntimeException e) {
        t.addSuppressed(e);
      }
      throw t;
    }
  }

  /** Merges each sub-partition of {@code run} (spill level {@code level}) on its own, spilling deeper if needed. */
  private void drain(SpillRun run, int level, String path, Aggregation.Output out) throws Exception {
    for (int p = 0; p < SpillRun.FANOUT; p++) {
      if (run.rows(p) == 0) {
        continue;
      }
      String at = path + (path.isEmpty() ? "" : "/") + p;
      limit = memoryBytes;
      SpillRun.Writer next = null;
      try (ShuffleReader r = run.open(p)) {
        while (r.next()) {
          agg.add(r.row());
          if (overBudget()) {
            if (next == null) {
              if (level >= maxDepth) {
                throw tooBig(at, run.rows(p), run.bytes(p));
              }
              next = writer(level);
              levels = Math.max(levels, level + 1);
            }
            spillGroups(next);
          }
        }
      }
      if (next == null) {
        agg.emitFinal(out);
      } else {
        spillGroups(next);
        SpillRun sub = finish(next);
        drain(sub, level + 1, at, out);
      }
    }
    run.close();
    live.remove(run);
  }

  /**
   * Whether the groups held pass the budget, so that spilling them helps: one group alone over it is
   * held (spilling cannot split it, and its final value needs all of its state: {@code
   * countDistinct} without keys, or of a key with very many values), and the budget counts from its
   * size on.
   */
  private boolean overBudget() {
    long b = agg.bytes();
    if (b <= limit) {
      return false;
    }
    if (agg.groups() == 1) {
      limit = b + memoryBytes;
      return false;
    }
    return true;
  }

  private IllegalStateException tooBig(String path, long rows, long bytes) {
    return new IllegalStateException("The aggregation in " + what + " does not fit its memory budget of "
        + ByteSize.format(memoryBytes) + " even after " + maxDepth + " levels of spilling to local disk: sub-partition "
        + path + " (" + rows + " partial rows, " + ByteSize.format(bytes) + " on disk) still holds " + agg.groups()
        + " groups of " + ByteSize.format(agg.bytes()) + ". Give the executor more memory or the job more reduce"
        + " partitions (unless one key holds most of it: countDistinct of a key with very many values)");
  }

  private SpillRun.Writer writer(int level) {
    SpillRun.Writer w = new SpillRun.Writer(agg.partialSchema(), level, Math.max(1, memoryBytes / 4), tempDir);
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

  /** Writes the groups held into {@code w} as partial rows, emptying the table. */
  private void spillGroups(SpillRun.Writer w) throws IOException {
    limit = memoryBytes;
    try {
      agg.emitPartials(row -> {
        key.encode(row);
        w.write(key.hash(), row);
      });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // the output above only throws IOException
    }
  }

  /** Bytes written to local disk so far (0 when everything fitted in memory). */
  public long spilledBytes() {
    return spilledBytes;
  }

  /** The deepest level of spilling so far: 0 when everything fitted in memory. */
  public int spillLevels() {
    return levels;
  }

  /** Deletes the spill files left (a task that fails part way). */
  @Override
  public void close() {
    finished = true;
    spill = null;
    while (!live.isEmpty()) {
      try {
        live.pop().close();
      } catch (Exception e) {
        throw new IllegalStateException("Cannot clean up the spill files of the aggregation in " + what, e);
      }
    }
  }
}
