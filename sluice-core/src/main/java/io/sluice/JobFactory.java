package io.sluice;

/**
 * Makes a job that the {@code sluice} command can find by name. Register implementations in {@code
 * META-INF/services/io.sluice.JobFactory}; a class that implements this can also be named by its
 * fully qualified class name ({@code sluice run com.acme.NightlyOrders}).
 *
 * <pre>{@code
 * public final class NightlyOrders implements JobFactory {
 *   public String name() { return "nightly-orders"; }
 *   public Job create() { return Job.builder(name()).stage(new Clean()).stage(new Aggregate()).build(); }
 * }
 * }</pre>
 */
public interface JobFactory {
  /** The job's name, as {@code sluice run NAME} finds it. */
  String name();

  /** One line that {@code sluice jobs} shows. */
  default String description() {
    return "";
  }

  /** Builds the job. */
  Job create();
}
