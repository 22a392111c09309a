package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check of an engine's result against DuckDB's: what it lets through (scale, doubles' last digits) and what it reports. */
class ResultCheckTest {
  private static final List<String> COLUMNS = List.of("o_orderpriority", "line_count", "revenue");
  private static final QueryResult REFERENCE = new QueryResult(COLUMNS, List.of(
      List.of("1-URGENT", new BigDecimal("1200"), new BigDecimal("3550123.4567")),
      List.of("2-HIGH", new BigDecimal("1190"), new BigDecimal("3400000.1000"))));

  private static QueryResult with(int row, int column, Object value) {
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> r : REFERENCE.rows()) {
      rows.add(new ArrayList<>(r));
    }
    rows.get(row).set(column, value);
    return new QueryResult(COLUMNS, rows);
  }

  private static List<String> join(QueryResult actual) {
    return ResultCheck.differences(ShuffleQuery.JOIN, REFERENCE, actual, "duckdb");
  }

  @Test
  void equalResultsPassWhateverTheScaleOfTheirNumbers() {
    assertThat(join(REFERENCE)).isEmpty();
    assertThat(join(with(1, 2, new BigDecimal("3400000.1")))).isEmpty(); // trailing zeros stripped
    assertThat(join(with(0, 1, new BigDecimal("1200.00")))).isEmpty();
    // columns found by name, in any order and case
    QueryResult reordered = new QueryResult(List.of("REVENUE", "o_orderpriority", "line_count"), List.of(
        List.of(new BigDecimal("3550123.4567"), "1-URGENT", new BigDecimal("1200")),
        List.of(new BigDecimal("3400000.1"), "2-HIGH", new BigDecimal("1190"))));
    assertThat(join(reordered)).isEmpty();
  }

  @Test
  void aChangedValueIsReportedWithItsRowAndColumn() {
    assertThat(join(with(1, 2, new BigDecimal("3400000.1001"))))
        .containsExactly("row 2 [2-HIGH]: revenue 3400000.1001, duckdb has 3400000.1000");
    assertThat(join(with(0, 1, new BigDecimal("1201")))).containsExactly("row 1 [1-URGENT]: line_count 1201, duckdb has 1200");
    assertThat(join(with(0, 0, "1-URGENT "))).containsExactly("row 1 [1-URGENT]: o_orderpriority '1-URGENT ', duckdb has '1-URGENT'");
    assertThat(join(with(0, 2, null))).containsExactly("row 1 [1-URGENT]: revenue null, duckdb has 3550123.4567");
    assertThat(join(with(0, 2, "n/a"))).hasSize(1);
  }

  @Test
  void missingColumnsAndRowsAreReported() {
    QueryResult noRevenue = new QueryResult(List.of("o_orderpriority", "line_count"), List.of(List.of("1-URGENT", BigDecimal.ONE)));
    assertThat(join(noRevenue)).containsExactly("no column revenue");
    QueryResult extra = new QueryResult(List.of("o_orderpriority", "line_count", "revenue", "year"),
        List.of(List.of("1-URGENT", new BigDecimal("1200"), new BigDecimal("3550123.4567"), "1994")));
    assertThat(join(extra)).containsExactly("unexpected column year");
    QueryResult oneRow = new QueryResult(COLUMNS, List.of(REFERENCE.rows().get(0)));
    assertThat(join(oneRow)).containsExactly("1 rows, duckdb has 2");
    QueryResult swapped = new QueryResult(COLUMNS, List.of(REFERENCE.rows().get(1), REFERENCE.rows().get(0)));
    assertThat(join(swapped)).hasSize(6); // every value of both rows
  }

  @Test
  void averagesAgreeToOnePartInABillion() {
    List<Object> row = new ArrayList<>(List.of("A", "F", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
        new BigDecimal("25.52200585"), new BigDecimal("38273.129735"), new BigDecimal("0.04998529583839761"), BigDecimal.ONE));
    List<String> columns = ShuffleQuery.Q1.columns().stream().map(ShuffleQuery.Column::name).toList();
    QueryResult reference = new QueryResult(columns, List.of(row));
    row.set(8, new BigDecimal("0.04998529583839762")); // a double's last digit
    row.set(6, new BigDecimal("25.522005850000000001"));
    assertThat(ResultCheck.differences(ShuffleQuery.Q1, reference, new QueryResult(columns, List.of(row)), "duckdb")).isEmpty();
    row.set(8, new BigDecimal("0.049985")); // a decimal average of scale 6 (Spark's avg of a decimal(15,2))
    assertThat(ResultCheck.differences(ShuffleQuery.Q1, reference, new QueryResult(columns, List.of(row)), "duckdb"))
        .containsExactly("row 1 [A, F]: avg_disc 0.049985, duckdb has 0.04998529583839761");
    // a sum is exact: one unit in the last place is a difference, where an average's would not be
    assertThat(ResultCheck.equal(ShuffleQuery.Kind.AVERAGE, new BigDecimal("1000000000.00"), new BigDecimal("1000000000.01"))).isTrue();
    assertThat(ResultCheck.equal(ShuffleQuery.Kind.EXACT, new BigDecimal("1000000000.00"), new BigDecimal("1000000000.01"))).isFalse();
    assertThat(ResultCheck.equal(ShuffleQuery.Kind.AVERAGE, new BigDecimal("1000000000.00"), new BigDecimal("1000000002.00"))).isFalse();
  }
}
