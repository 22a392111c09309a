package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.store.ObjectStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/** What a task can use while it runs on an executor. Valid for one attempt of one task. */
public interface TaskContext {
  String jobName();

  String runId();

  JsonNode parameters();

  /** The object store; prefer {@link #open} and {@link #output} so bytes are counted. */
  ObjectStore store();

  /** Opens an input object; bytes read are counted as the task's bytes in. */
  InputStream open(String key);

  /** Opens {@code length} bytes of an input object from {@code offset}; counted as bytes in. */
  InputStream openRange(String key, long offset, long length);

  /**
   * Opens the task's output named {@code name}. Written to an attempt-private key and visible to
   * others only once the task commits, so a failed or duplicate attempt never shows. Names are
   * unique per task: {@code part-0.csv}, {@code summary.json}.
   */
  OutputStream output(String name);

  /** Time left in this executor's safe budget. */
  Duration remaining();

  /**
   * True when the budget is nearly spent: a long task should stop at its next record boundary and
   * return {@link TaskOutcome#continueAt(Object)}.
   */
  boolean shouldStop();

  /** A directory private to this invocation, empty at its start. */
  Path tempDir();
}
