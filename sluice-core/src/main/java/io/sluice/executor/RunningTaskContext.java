package io.sluice.executor;

import io.sluice.Job;
import io.sluice.Parameters;
import io.sluice.TaskContext;
import io.sluice.run.RunInfo;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import io.sluice.time.Clock;
import io.sluice.time.Deadline;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The {@link TaskContext} of one attempt: counts bytes, read requests and published objects, keeps the
 * attempt's streams, knows the budget.
 *
 * <p>Outputs: the stream a task writes wraps the store's writer for a key under the attempt's prefix.
 * The task's {@code close()} only finishes it; {@link #publishOutputs()} (after {@code run} returned)
 * closes the store's writers, which publishes the objects, and {@link #discardOutputs()} (after {@code
 * run} threw) drops them. Inputs: streams the task left open are closed by {@link #closeInputs()}.
 */
final class RunningTaskContext implements TaskContext {
  private final Job job;
  private final String stage;
  private final RunInfo info;
  private final Parameters parameters;
  private final ObjectStore store;
  private final Clock clock;
  private final Instant deadline;
  private final Deadline stop;
  private final Path tempDir;
  private final Function<String, String> outputKey;
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final List<TaskOutput> unpublished = new ArrayList<>();
  private final java.util.Set<String> published = new java.util.HashSet<>();
  /** Names of the outputs opened with {@link #outputAt}: published like others, never deleted. */
  private final java.util.Set<String> fixed = new java.util.HashSet<>();
  private final Set<InputStream> openInputs = new LinkedHashSet<>();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  /** One per open, openRange and stat call: each is one request to the store (a GET or a HEAD). */
  private final AtomicLong readRequests = new AtomicLong();
  private final AtomicLong objectsWritten = new AtomicLong();

  RunningTaskContext(Job job, String stage, RunInfo info, Parameters parameters, ObjectStore store, Clock clock, Instant deadline, Deadline stop,
      Path tempDir, Function<String, String> outputKey) {
    this.job = job;
    this.stage = stage;
    this.info = info;
    this.parameters = parameters;
    this.store = store;
    this.clock = clock;
    this.deadline = deadline;
    this.stop = stop;
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
  public String stageName() {
    return stage;
  }

  @Override
  public Parameters parameters() {
    return parameters;
  }

  @Override
  public InputStream open(String key) {
    readRequests.incrementAndGet(); // before the call: a GET that finds nothing is a request too
    return counting(store.open(key));
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    readRequests.incrementAndGet();
    return counting(store.openRange(key, offset, length));
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    readRequests.incrementAndGet();
    return store.stat(key);
  }

  private InputStream counting(InputStream in) {
    InputStream counted = new FilterInputStream(in) {
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

      @Override
      public void close() throws IOException {
        forget(this);
        super.close();
      }
    };
    synchronized (this) {
      openInputs.add(counted);
    }
    return counted;
  }

  private synchronized void forget(InputStream in) {
    openInputs.remove(in);
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
    TaskOutput out = new TaskOutput(name, store.create(key));
    outputs.put(name, key);
    unpublished.add(out);
    return out;
  }

  @Override
  public synchronized OutputStream outputAt(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("Output key must not be empty");
    }
    if (key.startsWith(io.sluice.run.RunLayout.RUNS)) {
      throw new IllegalArgumentException("Output key '" + key + "' is under '" + io.sluice.run.RunLayout.RUNS
          + "', the runs' own namespace: write a task's own files with output(name), and fixed ones elsewhere");
    }
    if (key.endsWith("/")) {
      throw new IllegalArgumentException("Output key '" + key + "' ends with '/': name a file, not a directory");
    }
    if (outputs.containsKey(key)) {
      throw new IllegalArgumentException("Output '" + key + "' was already opened by this task: keys are unique per task");
    }
    TaskOutput out = new TaskOutput(key, store.create(key));
    outputs.put(key, key);
    fixed.add(key);
    unpublished.add(out);
    return out;
  }

  @Override
  public Duration remaining() {
    Duration d = Duration.between(clock.now(), deadline);
    return d.isNegative() ? Duration.ZERO : d;
  }

  @Override
  public boolean shouldStop() {
    return stop.passed();
  }

  @Override
  public Path tempDir() {
    return tempDir;
  }

  @Override
  public ObjectStore metered(ObjectStore other) {
    return new MeteredStore(other);
  }

  /**
   * Another store whose reads and writes count as this attempt's (requests before the call, as above;
   * its input streams, like the context's, are closed when the attempt ends if the task left them open).
   */
  private final class MeteredStore extends io.sluice.store.ForwardingObjectStore {
    MeteredStore(ObjectStore delegate) {
      super(delegate);
    }

    @Override
    public byte[] get(String key) {
      readRequests.incrementAndGet();
      byte[] b = super.get(key);
      bytesIn.addAndGet(b.length);
      return b;
    }

    @Override
    public InputStream open(String key) {
      readRequests.incrementAndGet();
      return counting(super.open(key));
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
      readRequests.incrementAndGet();
      return counting(super.openRange(key, offset, length));
    }

    @Override
    public InputStream openRange(String key, long offset, long length, String ifMatch) {
      readRequests.incrementAndGet();
      return counting(super.openRange(key, offset, length, ifMatch));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
      readRequests.incrementAndGet();
      return super.stat(key);
    }

    @Override
    public void put(String key, byte[] content) {
      super.put(key, content);
      bytesOut.addAndGet(content.length);
      objectsWritten.incrementAndGet();
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
      boolean created = super.putIfAbsent(key, content);
      if (created) {
        bytesOut.addAndGet(content.length);
        objectsWritten.incrementAndGet();
      }
      return created;
    }

    @Override
    public ObjectWriter create(String key) {
      ObjectWriter target = super.create(key);
      return new ObjectWriter(key) {
        @Override
        protected void writeBytes(byte[] b, int off, int len) throws IOException {
          target.write(b, off, len);
          bytesOut.addAndGet(len);
        }

        @Override
        protected void flushBytes() throws IOException {
          target.flush();
        }

        @Override
        protected String publish(boolean onlyIfAbsent) throws IOException {
          String etag;
          if (onlyIfAbsent) {
            etag = target.commitIfAbsent() ? "" : null;
          } else {
            etag = target.commit();
          }
          if (etag != null) {
            objectsWritten.incrementAndGet();
          }
          return etag;
        }

        @Override
        protected void discard() {
          target.abort();
        }
      };
    }
  }

  /** After {@code run} returned: publishes every output (commits the store's writers). */
  synchronized void publishOutputs() throws IOException {
    while (!unpublished.isEmpty()) {
      TaskOutput o = unpublished.get(0);
      o.finish();
      o.target.commit();
      published.add(o.name);
      objectsWritten.incrementAndGet();
      unpublished.remove(0);
    }
  }

  /**
   * After a failure: aborts the outputs not yet published (on S3, AbortMultipartUpload: nothing was
   * ever visible) and removes those that were (a failure part-way through publishing), but those at
   * fixed keys, which another attempt may have published too.
   */
  synchronized void discardOutputs() {
    for (TaskOutput o : unpublished) {
      o.finished = true;
      o.target.abort();
    }
    unpublished.clear();
    for (String name : published) {
      if (!fixed.contains(name)) {
        store.delete(outputs.get(name));
      }
    }
    published.clear();
  }

  /**
   * Removes every output of this attempt (it failed, or another attempt committed first), but those at
   * fixed keys ({@link #outputAt}): another attempt, maybe the committed one, wrote the same keys.
   */
  synchronized void deleteOutputs() {
    outputs.forEach((name, key) -> {
      if (!fixed.contains(name)) {
        store.delete(key);
      }
    });
  }

  /** Closes the inputs the task left open: nothing of an attempt outlives it. */
  synchronized void closeInputs() {
    for (InputStream in : List.copyOf(openInputs)) {
      try {
        in.close();
      } catch (IOException | UncheckedIOException ignored) {
        // Only read from: nothing is lost by a failed close.
      }
    }
    openInputs.clear();
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

  long readRequests() {
    return readRequests.get();
  }

  /** Outputs published by {@link #publishOutputs()}. */
  long objectsWritten() {
    return objectsWritten.get();
  }

  /**
   * An output as the task writes it: counted, and finished (not published) by its close. Not
   * thread-safe, like any stream: one writer at a time.
   */
  private final class TaskOutput extends OutputStream {
    private final String name;
    private final ObjectWriter target;
    private boolean finished;

    TaskOutput(String name, ObjectWriter target) {
      this.name = name;
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      ensureOpen();
      target.write(b);
      bytesOut.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      target.write(b, off, len);
      bytesOut.addAndGet(len);
    }

    @Override
    public void flush() throws IOException {
      if (!finished) {
        target.flush();
      }
    }

    /** Finishes the output; the executor publishes it when the attempt succeeds. */
    @Override
    public void close() throws IOException {
      finish();
    }

    void finish() throws IOException {
      if (!finished) {
        finished = true;
        target.flush();
      }
    }

    private void ensureOpen() throws IOException {
      if (finished) {
        throw new IOException("Output '" + name + "' of stage '" + stage + "' was closed: write all of an output before"
            + " closing it");
      }
    }
  }
}
