package io.sluice;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a stage's driver side decided. One of:
 *
 * <ul>
 *   <li>{@link #tasks}: run these tasks on executors ({@code run_executors});
 *   <li>{@link #done}: the stage did its (small) work on the driver and is complete ({@code run_driver}
 *       moves on to the next stage);
 *   <li>{@link #sleep}: nothing to do yet, plan again after a while (polling, micro-batch);
 *   <li>{@link #fail}: stop the run with an error and a cause.
 * </ul>
 */
public sealed interface Plan {
  /** Run {@code tasks} on executors; an empty list completes the stage at once. */
  static Plan tasks(List<TaskSpec> tasks) {
    return new Tasks(List.copyOf(tasks));
  }

  /** The stage is complete without executors. */
  static Plan done() {
    return Done.INSTANCE;
  }

  /** Plan this stage again after {@code duration}. */
  static Plan sleep(Duration duration) {
    return new Sleep(duration);
  }

  /** Fail the run. */
  static Plan fail(String error, String cause) {
    return new Fail(error, cause);
  }

  /** Tasks to run. */
  record Tasks(List<TaskSpec> tasks) implements Plan {}

  /** Stage complete. */
  enum Done implements Plan {
    INSTANCE
  }

  /** Come back later. */
  record Sleep(Duration duration) implements Plan {
    public Sleep {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("sleep duration must not be negative: " + duration);
      }
    }
  }

  /** Stop the run. */
  record Fail(String error, String cause) implements Plan {
    public Fail {
      Objects.requireNonNull(error, "error");
    }
  }
}
