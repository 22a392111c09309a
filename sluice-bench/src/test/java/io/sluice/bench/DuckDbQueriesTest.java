package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's side of bench-shuffle on SF 0.01 text files, against the same queries computed here in plain
 * loops over the generator's rows (integer cents and percents, no SQL, no text).
 */
class DuckDbQueriesTest {
  private static final double SF = 0.01;
  @TempDir static Path dir;

  @BeforeAll
  static void generate() throws Exception {
    TpchData.generate(SF, 2, dir, 2);
  }

  /** TPC-H Q1 by hand: sums at the scale of their decimals' products (2, 4, 6 places), exact. */
  static QueryResult q1ByHand() {
    long cutoff = LocalDate.of(1998, 9, 2).toEpochDay();
    Map<String, long[]> groups = new TreeMap<>(); // qty, price cents, discount percents, count
    Map<String, BigInteger[]> products = new HashMap<>(); // price x (100 - disc), that x (100 + tax)
    for (LineItem l : new LineItemGenerator(SF, 1, 1)) {
      if (l.getShipDate() > cutoff) {
        continue;
      }
      String key = l.getReturnFlag() + "|" + l.getStatus();
      long[] g = groups.computeIfAbsent(key, k -> new long[4]);
      BigInteger[] p = products.computeIfAbsent(key, k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
      g[0] += l.getQuantity();
      g[1] += l.getExtendedPriceInCents();
      g[2] += l.getDiscountPercent();
      g[3]++;
      BigInteger disc = BigInteger.valueOf(l.getExtendedPriceInCents()).multiply(BigInteger.valueOf(100 - l.getDiscountPercent()));
      p[0] = p[0].add(disc);
      p[1] = p[1].add(disc.multiply(BigInteger.valueOf(100 + l.getTaxPercent())));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (var e : groups.entrySet()) {
      long[] g = e.getValue();
      BigInteger[] p = products.get(e.getKey());
      BigDecimal count = BigDecimal.valueOf(g[3]);
      String[] key = e.getKey().split("\\|");
      rows.add(List.of(key[0], key[1], BigDecimal.valueOf(g[0]), BigDecimal.valueOf(g[1], 2), new BigDecimal(p[0], 4),
          new BigDecimal(p[1], 6), BigDecimal.valueOf(g[0]).divide(count, MathContext.DECIMAL64),
          BigDecimal.valueOf(g[1], 2).divide(count, MathContext.DECIMAL64), BigDecimal.valueOf(g[2], 2).divide(count, MathContext.DECIMAL64),
          count));
    }
    return new QueryResult(ShuffleQuery.Q1.columns().stream().map(ShuffleQuery.Column::name).toList(), rows);
  }

  /** The join by hand: the orders of 1994 by key, then every lineitem looked up. */
  static QueryResult joinByHand() {
    long from = LocalDate.of(1994, 1, 1).toEpochDay();
    long to = LocalDate.of(1995, 1, 1).toEpochDay();
    Map<Long, String> priority = new HashMap<>();
    for (Order o : new OrderGenerator(SF, 1, 1)) {
      if (o.getOrderDate() >= from && o.getOrderDate() < to) {
        priority.put(o.getOrderKey(), o.getOrderPriority());
      }
    }
    Map<String, long[]> groups = new TreeMap<>(); // count, revenue at scale 4
    for (LineItem l : new LineItemGenerator(SF, 1, 1)) {
      String p = priority.get(l.getOrderKey());
      if (p != null) {
        long[] g = groups.computeIfAbsent(p, k -> new long[2]);
        g[0]++;
        g[1] += l.getExtendedPriceInCents() * (100 - l.getDiscountPercent());
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach((p, g) -> rows.add(List.of(p, BigDecimal.valueOf(g[0]), BigDecimal.valueOf(g[1], 4))));
    return new QueryResult(List.of("o_orderpriority", "line_count", "revenue"), rows);
  }

  @Test
  void q1EqualsTheComputationByHand() throws Exception {
    QueryResult duck = DuckDbQueries.run(ShuffleQuery.Q1, dir, 2);
    QueryResult hand = q1ByHand();
    assertThat(hand.rows()).hasSize(4); // A|F, N|F, N|O, R|F
    assertThat(duck.columns()).containsExactly("l_returnflag", "l_linestatus", "sum_qty", "sum_base_price", "sum_disc_price",
        "sum_charge", "avg_qty", "avg_price", "avg_disc", "count_order");
    assertThat(ResultCheck.differences(ShuffleQuery.Q1, hand, duck, "by hand")).isEmpty();
    // and exactly, where the check allows only scale: the grand total of sum_charge
    BigDecimal charge = duck.rows().stream().map(r -> (BigDecimal) r.get(5)).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal byHand = hand.rows().stream().map(r -> (BigDecimal) r.get(5)).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(charge).isEqualByComparingTo(byHand);
  }

  @Test
  void theJoinEqualsTheComputationByHand() throws Exception {
    QueryResult duck = DuckDbQueries.run(ShuffleQuery.JOIN, dir, 2);
    QueryResult hand = joinByHand();
    assertThat(hand.rows()).extracting(r -> r.get(0)).containsExactly("1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW");
    assertThat(ResultCheck.differences(ShuffleQuery.JOIN, hand, duck, "by hand")).isEmpty();
  }

  @Test
  void theMainWritesTheRowsAsJsonAndBadInputIsNamed() throws Exception {
    Path out = dir.resolve("join.json");
    DuckDbQueries.main(new String[] {"--query", "join", "--input", dir.toString(), "--out", out.toString(), "--threads", "1"});
    assertThat(ResultCheck.differences(ShuffleQuery.JOIN, joinByHand(), QueryResult.readJson(out), "by hand")).isEmpty();

    Path empty = Files.createDirectories(dir.resolve("empty").resolve("lineitem"));
    assertThatThrownBy(() -> DuckDbQueries.run(ShuffleQuery.Q1, empty.getParent(), 2)).hasMessageContaining("holds no lineitem.tbl.N file");
    Files.writeString(Files.createDirectories(dir.resolve("no-orders").resolve("lineitem")).resolve("lineitem.tbl.1"), "");
    assertThatThrownBy(() -> DuckDbQueries.run(ShuffleQuery.Q1, dir.resolve("no-orders"), 2)).hasMessageContaining("no directory orders/");
    assertThatThrownBy(() -> DuckDbQueries.main(new String[] {"--query", "q3", "--input", "x", "--out", "y"}))
        .hasMessageContaining("Unknown query 'q3' (q1, join)");
    assertThatThrownBy(() -> DuckDbQueries.main(new String[] {"--query", "q1"})).hasMessageContaining("are required");
  }
}
