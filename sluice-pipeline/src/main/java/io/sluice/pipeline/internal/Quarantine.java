package io.sluice.pipeline.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.record.BadRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A task's quarantined records: one JSON line per bad record ({@code {"source": KEY, "offset": N,
 * "reason": ..., "raw": ...}}) in the task's output {@value #OUTPUT}, opened at the first one, so a
 * task without bad records writes nothing. Part of the task's commit like any output: a failed
 * attempt's quarantine disappears with it. Not thread-safe.
 */
public final class Quarantine implements AutoCloseable {
  /** The name of a task's quarantine output. */
  public static final String OUTPUT = "quarantine.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<OutputStream> open;
  private OutputStream out;
  private long count;

  public Quarantine(Supplier<OutputStream> open) {
    this.open = open;
  }

  /** Quarantines {@code bad}. */
  public void add(BadRecord bad) {
    ObjectNode line = JSON.createObjectNode();
    line.put("source", bad.source());
    line.put("offset", bad.offset());
    line.put("reason", bad.reason());
    if (bad.raw() != null) {
      line.put("raw", bad.raw());
    }
    try {
      if (out == null) {
        out = new java.io.BufferedOutputStream(open.get(), 64 << 10);
      }
      JSON.writeValue(new NoClose(out), line);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot quarantine the bad record at " + bad.source() + "@" + bad.offset(), e);
    }
    count++;
  }

  /** Records quarantined so far. */
  public long count() {
    return count;
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  private static final class NoClose extends java.io.FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
