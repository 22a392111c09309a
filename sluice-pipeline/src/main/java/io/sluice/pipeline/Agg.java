package io.sluice.pipeline;

import java.util.Objects;

/**
 * One aggregate of a {@link Pipeline#groupBy}: {@code count()}, {@code sum("amount")}, {@code
 * min}, {@code max}, {@code avg}, {@code countDistinct}, each named with {@link #as} (by default
 * {@code count}, {@code sum_amount}, ...). Nulls are ignored as SQL ignores them: {@code count(col)}
 * counts non-null values, {@code sum} of only nulls is null. Result types follow DuckDB's: {@code
 * count} is {@code bigint}; {@code sum} of integers is {@code bigint}, of {@code decimal(p,s)} is
 * {@code decimal(38,s)}, of floating point {@code double}; {@code avg} is {@code double}; {@code
 * min} and {@code max} keep their column's type. Immutable.
 *
 * @param function what it computes
 * @param column the column it reads; null for {@code count()}
 * @param name the output column's name
 */
public record Agg(Function function, String column, String name) {
  /** What an aggregate computes. */
  public enum Function {
    COUNT, SUM, MIN, MAX, AVG, COUNT_DISTINCT
  }

  public Agg {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(name, "name");
    if (column == null && function != Function.COUNT) {
      throw new IllegalArgumentException(function + " needs a column");
    }
  }

  /** The number of rows: {@code count(*)}. */
  public static Agg count() {
    return new Agg(Function.COUNT, null, "count");
  }

  /** The number of rows where {@code column} is not null. */
  public static Agg count(String column) {
    return new Agg(Function.COUNT, column, "count_" + column);
  }

  public static Agg sum(String column) {
    return new Agg(Function.SUM, column, "sum_" + column);
  }

  public static Agg min(String column) {
    return new Agg(Function.MIN, column, "min_" + column);
  }

  public static Agg max(String column) {
    return new Agg(Function.MAX, column, "max_" + column);
  }

  public static Agg avg(String column) {
    return new Agg(Function.AVG, column, "avg_" + column);
  }

  /** The number of distinct non-null values of {@code column}. */
  public static Agg countDistinct(String column) {
    return new Agg(Function.COUNT_DISTINCT, column, "count_distinct_" + column);
  }

  /** This aggregate with output column {@code name}. */
  public Agg as(String name) {
    return new Agg(function, column, name);
  }

  @Override
  public String toString() {
    String f = function == Function.COUNT_DISTINCT ? "count(distinct " : function.name().toLowerCase() + "(";
    return f + (column == null ? "*" : column) + ") as " + name;
  }
}
