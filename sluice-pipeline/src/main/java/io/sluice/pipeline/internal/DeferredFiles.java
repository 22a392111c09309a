package io.sluice.pipeline.internal;

import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Files written to a store other than the run's, published together when the task's work is done
 * (as {@link io.sluice.TaskContext#outputAt} does in the run's store): {@link #create} opens a
 * writer whose close only finishes it; {@link #publish} commits every one; {@link #abort} drops those
 * not yet committed. Keys are deterministic per task, so a retried attempt replaces what an earlier
 * one published. Not thread-safe.
 */
public final class DeferredFiles implements AutoCloseable {
  private final ObjectStore store;
  private final List<ObjectWriter> writers = new ArrayList<>();

  public DeferredFiles(ObjectStore store) {
    this.store = store;
  }

  /** A new file at {@code key}, visible only after {@link #publish}. */
  public OutputStream create(String key) {
    ObjectWriter w = store.create(key);
    writers.add(w);
    return new OutputStream() {
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        check();
        w.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        check();
        w.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        if (!closed) {
          w.flush();
        }
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          w.flush();
        }
      }

      private void check() throws IOException {
        if (closed) {
          throw new IOException("File '" + w.key() + "' was closed: write all of a file before closing it");
        }
      }
    };
  }

  /** Commits every file, in the order they were created. */
  public void publish() throws IOException {
    for (ObjectWriter w : writers) {
      if (w.isOpen()) {
        w.commit();
      }
    }
  }

  /** Drops every file not yet committed; does nothing after {@link #publish}. */
  public void abort() {
    for (ObjectWriter w : writers) {
      w.abort();
    }
  }

  @Override
  public void close() {
    abort();
  }
}
