package io.sluice.pipeline;

import io.sluice.record.Row;

/**
 * A per-record filter: true keeps the record. Runs on executors, possibly on several threads at once.
 * A filter that throws sends the record to the quarantine with the exception as its reason.
 */
@FunctionalInterface
public interface RowFilter {
  boolean keep(Row row) throws Exception;
}
