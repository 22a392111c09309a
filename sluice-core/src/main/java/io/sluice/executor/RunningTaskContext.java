package io.sluice.executor;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Job;
import io.sluice.TaskContext;
import io.sluice.run.RunInfo;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** The {@link TaskContext} of one attempt: counts bytes, tracks outputs, knows the budget. */
final class RunningTaskContext implements TaskContext {
  private final Job job;
  private final RunInfo info;
  private final ObjectStore store;
  private final Clock clock;
  private final Instant deadline;
  private final Path tempDir;
  private final Function<String, String> outputKey;
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Map<String, OutputStream> open = new LinkedHashMap<>();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();

  RunningTaskContext(Job job, RunInfo info, ObjectStore store, Clock clock, Instant deadline, Path tempDir,
      Function<String, String> outputKey) {
    this.job = job;
    this.info = info;
    this.store = store;
    this.clock = clock;
    this.deadline = deadline;
    this.tempDir = tempDir;
    this.outputKey = outputKey;
  }

  @Override
  public String jobName() {
    return job.name();
  }

  @Override
  public String runId() {
    return info.run();
  }

  @Override
  public JsonNode parameters() {
    return info.parameters().deepCopy();
  }

  @Override
  public ObjectStore store() {
    return store;
  }

  @Override
  public InputStream open(String key) {
    return counting(store.open(key));
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    return counting(store.openRange(key, offset, length));
  }

  private InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytesIn.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          bytesIn.addAndGet(n);
        }
        return n;
      }
    };
  }

  @Override
  public synchronized OutputStream output(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Output name must not be empty");
    }
    if (outputs.containsKey(name)) {
      throw new IllegalArgumentException("Output '" + name + "' was already opened by this task: names are unique per task");
    }
    String key = outputKey.apply(name);
    OutputStream target = store.create(key);
    outputs.put(name, key);
    OutputStream out = new FilterOutputStream(target) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        bytesOut.incrementAndGet();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytesOut.addAndGet(len);
      }
    };
    open.put(name, out);
    return out;
  }

  @Override
  public Duration remaining() {
    Duration d = Duration.between(clock.now(), deadline);
    return d.isNegative() ? Duration.ZERO : d;
  }

  @Override
  public boolean shouldStop() {
    return !clock.now().isBefore(deadline);
  }

  @Override
  public Path tempDir() {
    return tempDir;
  }

  /** Closes outputs the task left open, publishing them (an output is published by its close). */
  synchronized void closeOutputs() throws IOException {
    for (OutputStream o : open.values()) {
      o.close();
    }
    open.clear();
  }

  /** After a failure: closes and removes whatever the attempt wrote. */
  synchronized void discardOutputs() {
    for (OutputStream o : open.values()) {
      try {
        o.close();
      } catch (IOException | UncheckedIOException ignored) {
        // The attempt already failed; its outputs are removed below either way.
      }
    }
    open.clear();
    deleteOutputs();
  }

  synchronized void deleteOutputs() {
    outputs.values().forEach(store::delete);
  }

  synchronized Map<String, String> outputs() {
    return Map.copyOf(outputs);
  }

  long bytesIn() {
    return bytesIn.get();
  }

  long bytesOut() {
    return bytesOut.get();
  }
}
