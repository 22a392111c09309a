package io.sluice.pipeline;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;

/**
 * A per-record transform: fills {@code out} (a row of the step's output schema, cleared before each
 * call) from {@code in}. Runs on executors, possibly on several threads at once: keep it free of
 * mutable state. A mapper that throws sends the record to the quarantine with the exception as its
 * reason; it does not fail the task.
 */
@FunctionalInterface
public interface RowMapper {
  void map(Row in, MutableRow out) throws Exception;
}
