package io.sluice;

import java.util.Objects;

/** What a stage's completion step decided once every task committed. */
public sealed interface Completion {
  /** Go on to the next stage (or succeed after the last). */
  static Completion next() {
    return Next.INSTANCE;
  }

  /** Plan this stage again (another micro-batch). */
  static Completion again() {
    return Again.INSTANCE;
  }

  /** End the run successfully now, skipping any later stages. */
  static Completion finish() {
    return Finish.INSTANCE;
  }

  /** Fail the run. */
  static Completion fail(String error, String cause) {
    return new Fail(error, cause);
  }

  /** See {@link #next()}. */
  enum Next implements Completion {
    INSTANCE
  }

  /** See {@link #again()}. */
  enum Again implements Completion {
    INSTANCE
  }

  /** See {@link #finish()}. */
  enum Finish implements Completion {
    INSTANCE
  }

  /** See {@link #fail}. */
  record Fail(String error, String cause) implements Completion {
    public Fail {
      Objects.requireNonNull(error, "error");
    }
  }
}
