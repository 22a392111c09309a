package io.sluice.bench;

import java.util.List;

/**
 * The two queries of {@code scripts/bench-shuffle} over the TPC-H layout of {@link TpchData} (tables
 * {@code lineitem} and {@code orders}): TPC-H Query 1, an aggregation whose groups are shuffled, and a
 * join of lineitem with a year of orders aggregated by order priority. {@link #sql()} is the text every
 * engine runs (Spark with {@code avg} over doubles, see {@code SparkQueries}); each column says how
 * {@link ResultCheck} compares it.
 */
public enum ShuffleQuery {
  /** TPC-H Query 1: pricing summary by return flag and line status. */
  Q1("q1", "tpch-q1", """
      SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
        sum(l_extendedprice*(1-l_discount)) AS sum_disc_price, sum(l_extendedprice*(1-l_discount)*(1+l_tax)) AS sum_charge,
        avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order
      FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus ORDER BY 1, 2""",
      List.of(key("l_returnflag"), key("l_linestatus"), exact("sum_qty"), exact("sum_base_price"), exact("sum_disc_price"),
          exact("sum_charge"), average("avg_qty"), average("avg_price"), average("avg_disc"), exact("count_order"))),
  /** Lineitem joined with the orders of 1994, revenue by order priority. */
  JOIN("join", "tpch-join", """
      SELECT o_orderpriority, count(*) AS line_count, sum(l_extendedprice*(1-l_discount)) AS revenue
      FROM lineitem JOIN orders ON l_orderkey = o_orderkey
      WHERE o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01'
      GROUP BY o_orderpriority ORDER BY 1""",
      List.of(key("o_orderpriority"), exact("line_count"), exact("revenue")));

  /** How a result column is compared with DuckDB's. */
  public enum Kind {
    /** A group key: equal text. */
    KEY,
    /** A sum or count: equal numbers, whatever their scale. */
    EXACT,
    /** An average: equal to a relative {@link ResultCheck#AVERAGE_TOLERANCE}. */
    AVERAGE
  }

  /** A result column: its name and how it is compared. */
  public record Column(String name, Kind kind) {}

  private final String id;
  private final String sluiceJob;
  private final String sql;
  private final List<Column> columns;

  ShuffleQuery(String id, String sluiceJob, String sql, List<Column> columns) {
    this.id = id;
    this.sluiceJob = sluiceJob;
    this.sql = sql;
    this.columns = columns;
  }

  /** Its name on command lines: {@code q1}, {@code join}. */
  public String id() {
    return id;
  }

  /** The Sluice job (sluice-examples) that computes it: {@code tpch-q1}, {@code tpch-join}. */
  public String sluiceJob() {
    return sluiceJob;
  }

  /** The SQL text, over tables named {@code lineitem} and {@code orders}, ordered by its group keys. */
  public String sql() {
    return sql;
  }

  /** The result's columns in order. */
  public List<Column> columns() {
    return columns;
  }

  /** The group keys' column names, in order: what the result is sorted by. */
  public List<String> keys() {
    return columns.stream().filter(c -> c.kind() == Kind.KEY).map(Column::name).toList();
  }

  /** The query named {@code id}; the message names the known ones. */
  public static ShuffleQuery of(String id) {
    for (ShuffleQuery q : values()) {
      if (q.id.equals(id)) {
        return q;
      }
    }
    throw new IllegalArgumentException("Unknown query '" + id + "' (q1, join)");
  }

  private static Column key(String name) {
    return new Column(name, Kind.KEY);
  }

  private static Column exact(String name) {
    return new Column(name, Kind.EXACT);
  }

  private static Column average(String name) {
    return new Column(name, Kind.AVERAGE);
  }
}
