package io.sluice;

import java.time.Instant;

/** What a stage's driver side can see. Valid for one call of {@link Stage#plan}. */
public interface PlanContext extends DriverContext {
  /** How many times this stage has been planned before in this run (0 the first time). */
  int planCount();

  /** The clock's now. */
  Instant now();
}
