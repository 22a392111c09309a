package io.sluice.bench;

import java.math.BigDecimal;

/**
 * One engine's conversion in {@code scripts/bench-convert}: what it converted, how the process ran, what
 * it wrote and what that holds.
 *
 * @param engine its name ({@code sluice}, {@code duckdb}, {@code spark})
 * @param round the round of the benchmark run (1-based): engines of one round ran back to back
 * @param input the lineitem files converted
 * @param process the fresh process's wall time, exit code and peak RSS
 * @param output the data files it wrote; null if it failed
 * @param heap the JVM's heap peaks from its GC log; null when not measured (DuckDB's memory is native)
 * @param check the table read back; null if it failed
 * @param loadBefore the 1-minute load average when it started
 */
public record EngineRun(String engine, int round, TpchLineitem.Generated input, MeasuredProcess process, ParquetOutput output,
    GcLogPeak heap, OutputCheck check, double loadBefore) {

  /** Whether the process exited 0 and its table holds the input's rows. */
  public boolean succeeded() {
    return process.exitCode() == 0 && check != null && check.matches(input);
  }

  /** Input megabytes (10^6 bytes) per second of the process's wall time. */
  public double inputMbPerSecond() {
    return input.bytes() / 1e6 / process.wallSeconds();
  }

  /** "ok", or what is wrong with the output. */
  public String verdict() {
    if (process.exitCode() != 0) {
      return "FAILED (exit " + process.exitCode() + ")";
    }
    if (check == null) {
      return "no output read";
    }
    if (check.rows() != input.rows()) {
      return check.rows() + " rows, input has " + input.rows();
    }
    BigDecimal expected = BigDecimal.valueOf(input.extendedPriceCents(), 2);
    if (check.extendedPrice() == null || check.extendedPrice().compareTo(expected) != 0) {
      return "sum(l_extendedprice) " + check.extendedPrice() + ", input has " + expected;
    }
    if (check.misplaced() != 0) {
      return check.misplaced() + " rows in the wrong partition";
    }
    if (!check.codecs().equals(java.util.List.of("SNAPPY"))) {
      return "codecs " + check.codecs();
    }
    return "ok";
  }
}
