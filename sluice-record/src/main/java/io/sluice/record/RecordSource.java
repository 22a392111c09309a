package io.sluice.record;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Where a {@link RecordReader} reads: a whole stream, or the byte range {@code [start, end)} of an
 * object. A record belongs to the range its first byte is in: a reader of a range that does not start
 * at a record first skips the partial record it starts inside (the previous range reads it whole), and
 * reads its last record to its end even past {@code end}. So the ranges of an object, together, read
 * every record exactly once, wherever the cuts fall (for formats that are {@link
 * RecordFormat#splittable() splittable}).
 *
 * <p>To find out whether {@code start} begins a record, the reader opens the object one byte before
 * it; it reads at most to the end of the record that crosses {@code end} (plus buffering).
 *
 * <pre>{@code
 * long size = ctx.store().stat(key).orElseThrow().size();
 * RecordSource src = RecordSource.range(key, chunk.offset(), chunk.offset() + chunk.length(),
 *     offset -> ctx.openRange(key, offset, size - offset));
 * }</pre>
 */
public final class RecordSource {
  /** Opens the object at byte {@code offset}; the stream must run at least to the end of the last record of the range. */
  @FunctionalInterface
  public interface Opener {
    InputStream open(long offset) throws IOException;
  }

  private final String name;
  private final long start;
  private final long end;
  private final boolean startsAtRecord;
  private final Opener opener;

  private RecordSource(String name, long start, long end, boolean startsAtRecord, Opener opener) {
    this.name = Objects.requireNonNull(name, "name");
    this.opener = Objects.requireNonNull(opener, "opener");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("Range of '" + name + "' needs 0 <= start <= end, got [" + start + ", " + end + ")");
    }
    this.start = start;
    this.end = end;
    this.startsAtRecord = startsAtRecord;
  }

  /** All records of {@code in}, a whole object named {@code name} (for messages) read from its first byte. */
  public static RecordSource of(String name, InputStream in) {
    Objects.requireNonNull(in, "in");
    return new RecordSource(name, 0, Long.MAX_VALUE, true, offset -> {
      if (offset != 0) {
        throw new IllegalStateException("A whole-stream source of '" + name + "' can only be opened at 0, not " + offset);
      }
      return in;
    });
  }

  /** The records of object {@code name} whose first byte is in {@code [start, end)}. */
  public static RecordSource range(String name, long start, long end, Opener opener) {
    return new RecordSource(name, start, end, start == 0, opener);
  }

  /**
   * The records of object {@code name} from {@code position}, known to begin a record (a reader's
   * {@link RecordReader#position()} when a task stopped), up to {@code end}. Unlike {@link #range},
   * nothing is skipped, which makes this correct for every format, splittable or not.
   */
  public static RecordSource continuation(String name, long position, long end, Opener opener) {
    return new RecordSource(name, position, end, true, opener);
  }

  /** The object's name, as bad records report it. */
  public String name() {
    return name;
  }

  /** The range's first byte. */
  public long start() {
    return start;
  }

  /** One past the range's last byte; {@code Long.MAX_VALUE} for a whole stream. */
  public long end() {
    return end;
  }

  /** Whether {@link #start()} is known to begin a record (offset 0, or a continuation's position). */
  public boolean startsAtRecord() {
    return startsAtRecord;
  }

  /** Opens the object at {@code offset} (used by readers). */
  public InputStream open(long offset) throws IOException {
    return opener.open(offset);
  }

  @Override
  public String toString() {
    return name + "[" + start + ", " + (end == Long.MAX_VALUE ? "end" : Long.toString(end)) + ")";
  }
}
