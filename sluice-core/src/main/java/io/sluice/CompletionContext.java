package io.sluice;

import java.util.List;

/** What a stage's completion step can see. Valid for one call of {@link Stage#complete}. */
public interface CompletionContext extends DriverContext {
  /** This stage's committed results from its latest plan, in plan order. */
  List<TaskResult> results();
}
