package io.sluice.bench;

import java.util.List;

/**
 * One engine's run of one query in {@code scripts/bench-shuffle}: how its fresh process ran and how its
 * result compared with DuckDB's.
 *
 * @param scaleFactor the TPC-H scale factor of the input
 * @param query the query
 * @param round the round of the benchmark run (1-based): the engines of one round ran back to back
 * @param engine its name ({@code duckdb}, {@code sluice}, {@code spark})
 * @param process the fresh process's wall time, CPU time, exit code and peak RSS
 * @param heap the JVM's heap peaks from its GC log; null when not measured (DuckDB's memory is native)
 * @param problem why there is no result to compare (the result could not be read), or null
 * @param differences what differs from DuckDB's result ({@link ResultCheck}); empty when it agrees or there is none
 * @param loadBefore the 1-minute load average when it started
 */
public record QueryRun(double scaleFactor, ShuffleQuery query, int round, String engine, MeasuredProcess process, GcLogPeak heap,
    String problem, List<String> differences, double loadBefore) {
  public QueryRun {
    differences = List.copyOf(differences);
  }

  /** Whether the process exited 0 and its result equals DuckDB's. */
  public boolean succeeded() {
    return process.exitCode() == 0 && problem == null && differences.isEmpty();
  }

  /** "ok", or what went wrong: the exit code, why there is no result, or the first difference (and how many more). */
  public String verdict() {
    if (process.exitCode() != 0) {
      return "FAILED (exit " + process.exitCode() + ")";
    }
    if (problem != null) {
      return "no result: " + problem;
    }
    if (!differences.isEmpty()) {
      return "MISMATCH: " + differences.get(0) + (differences.size() > 1 ? " (and " + (differences.size() - 1) + " more)" : "");
    }
    return "ok";
  }
}
