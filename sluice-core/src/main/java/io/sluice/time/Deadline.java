package io.sluice.time;

/**
 * A point in time that can be checked often and cheaply, such as once per record: see {@link
 * Clock#deadline(java.time.Instant)}. Once {@link #passed()} has returned true it keeps returning true.
 */
@FunctionalInterface
public interface Deadline {
  /** Whether the deadline has been reached. */
  boolean passed();
}
