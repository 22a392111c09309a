package io.sluice.pipeline.internal;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.RowArena;
import io.sluice.record.RowCodec;
import io.sluice.record.Schema;
import io.sluice.shuffle.KeyEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The build side of a hash join: rows of one input held encoded ({@link RowCodec}) in one arena,
 * chained per key. {@link #probe} finds the rows whose key equals a probe row's. Rows with a null
 * key field are not held (they match nothing). Not thread-safe.
 */
public final class JoinTable {
  /** What a probe hands each matching build row to. */
  @FunctionalInterface
  public interface Match {
    void accept(Row build) throws Exception;
  }

  private final Schema schema;
  private final KeyEncoder encoder;
  private final long maxBytes;
  private final String what;
  private final RowCodec codec;
  private final RowArena arena = new RowArena(1 << 16, Integer.MAX_VALUE - 64);
  private final GroupTable keys = new GroupTable();
  private int[] head = new int[16]; // per key: the last row + 1 (0: none)
  private int[] next = new int[16]; // per row: the previous row of its key + 1
  private int[] offset = new int[16];
  private int rows;
  private final MutableRow build;

  /**
   * A table of rows of {@code schema} keyed by fields {@code keyFields}, refusing to hold more than
   * {@code maxBytes} ({@code what} names the join in that error).
   */
  public JoinTable(Schema schema, int[] keyFields, long maxBytes, String what) {
    this.schema = schema;
    this.encoder = new KeyEncoder(schema, keyFields);
    this.maxBytes = maxBytes;
    this.what = what;
    this.codec = new RowCodec(schema);
    this.build = new MutableRow(schema);
  }

  /** Adds a build row. @throws IllegalStateException past the memory limit */
  public void add(Row row) {
    int len = encoder.encode(row);
    if (encoder.hasNull()) {
      return;
    }
    int before = keys.size();
    int k = keys.find(encoder.bytes(), len, encoder.hash());
    if (k == before && k == head.length) {
      head = Arrays.copyOf(head, k * 2);
    }
    if (rows == next.length) {
      next = Arrays.copyOf(next, rows * 2);
      offset = Arrays.copyOf(offset, rows * 2);
    }
    offset[rows] = arena.size();
    try {
      codec.write(row, arena);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    next[rows] = k == before ? 0 : head[k];
    head[k] = rows + 1;
    rows++;
    if (bytes() > maxBytes) {
      throw new IllegalStateException("The build side of " + what + " holds more than " + (maxBytes >> 20)
          + " MiB in one task (" + rows + " rows so far); give the job more reduce partitions or executor memory,"
          + " or put the smaller input on the right (a build side that spills to disk is not built yet)");
    }
  }

  /** Rows held. */
  public int rows() {
    return rows;
  }

  /** About how many bytes the table holds. */
  public long bytes() {
    return arena.size() + keys.bytes() + 12L * next.length + 4L * head.length;
  }

  /**
   * Calls {@code match} with every build row whose key equals {@code probe}'s key (fields {@code
   * encoder}'s of the probe schema); returns how many matched. The row passed is reused.
   */
  public int probe(KeyEncoder probeKey, Row probe, Match match) throws Exception {
    return probe(probeKey, probe, build, match);
  }

  /**
   * As {@link #probe(KeyEncoder, Row, Match)}, decoding build rows into {@code scratch} (of this table's
   * schema): once every row is added, any number of threads may probe at once, each with its own
   * encoder and scratch row.
   */
  public int probe(KeyEncoder probeKey, Row probe, MutableRow scratch, Match match) throws Exception {
    MutableRow build = scratch;
    int len = probeKey.encode(probe);
    if (probeKey.hasNull()) {
      return 0;
    }
    int k = keys.get(probeKey.bytes(), len, probeKey.hash());
    if (k < 0) {
      return 0;
    }
    int n = 0;
    byte[] bytes = arena.bytes();
    for (int r = head[k]; r != 0; r = next[r - 1]) {
      codec.read(bytes, offset[r - 1], build);
      match.accept(build);
      n++;
    }
    return n;
  }

  /**
   * Calls {@code each} with every row held, in the order added (a join that outgrows its memory
   * spills them to disk). The row passed is reused.
   */
  public void forEachRow(Match each) throws Exception {
    byte[] bytes = arena.bytes();
    for (int r = 0; r < rows; r++) {
      codec.read(bytes, offset[r], build);
      each.accept(build);
    }
  }

  public Schema schema() {
    return schema;
  }
}
