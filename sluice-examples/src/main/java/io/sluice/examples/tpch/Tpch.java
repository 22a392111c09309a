package io.sluice.examples.tpch;

import io.sluice.pipeline.Source;
import io.sluice.record.CsvFormat;
import io.sluice.record.Schema;

/**
 * TPC-H tables as dbgen writes them: pipe-delimited text, no header, every line ending with {@code |}.
 * The examples read a directory (or key prefix) holding {@code lineitem/} and {@code orders/}.
 */
public final class Tpch {
  /** lineitem's columns. */
  public static final Schema LINEITEM = Schema.parse("l_orderkey bigint, l_partkey bigint, l_suppkey bigint, l_linenumber int,"
      + " l_quantity decimal(15,2), l_extendedprice decimal(15,2), l_discount decimal(15,2), l_tax decimal(15,2),"
      + " l_returnflag string, l_linestatus string, l_shipdate date, l_commitdate date, l_receiptdate date,"
      + " l_shipinstruct string, l_shipmode string, l_comment string");

  /** orders' columns. */
  public static final Schema ORDERS = Schema.parse("o_orderkey bigint, o_custkey bigint, o_orderstatus string,"
      + " o_totalprice decimal(15,2), o_orderdate date, o_orderpriority string, o_clerk string, o_shippriority int,"
      + " o_comment string");

  /** dbgen's text: '|' between fields and after the last, no header, no quotes (so a file splits at any line break). */
  public static final CsvFormat TEXT = CsvFormat.builder().delimiter('|').header(CsvFormat.HeaderMode.NONE).newlinesInQuotes(false)
      .trailingDelimiter(true).build();

  private Tpch() {}

  /** lineitem under {@code location} ({@code ${input}/lineitem/}: the run's {@code input} parameter). */
  public static Source lineitem(String location) {
    return Source.of(TEXT, io.sluice.pipeline.Location.of(location)).schema(LINEITEM);
  }

  public static Source orders(String location) {
    return Source.of(TEXT, io.sluice.pipeline.Location.of(location)).schema(ORDERS);
  }
}
