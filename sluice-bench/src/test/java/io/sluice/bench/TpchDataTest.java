package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench-shuffle layout: lineitem and orders side by side, orders of the right size whose keys join lineitem's. */
class TpchDataTest {
  private static final double SF = 0.01;
  @TempDir Path dir;

  @Test
  void ordersHaveOneAndAHalfMillionRowsPerScaleFactorAndEveryLineitemFindsItsOrder() throws IOException {
    TpchData.Layout layout = TpchData.generate(SF, 2, dir, 2);
    assertThat(layout.orders().rows()).isEqualTo(15_000); // 1,500,000 x SF
    assertThat(layout.orders().table()).isEqualTo(TpchData.Table.ORDERS);
    assertThat(layout.lineitem().rows()).isBetween(55_000L, 65_000L); // about 6,000,000 x SF
    assertThat(layout.bytes()).isEqualTo(layout.lineitem().bytes() + layout.orders().bytes());

    // the files as written: orders' keys unique, every lineitem's l_orderkey among them, every order with lines
    Set<Long> orderKeys = new HashSet<>();
    List<String> orderLines = new ArrayList<>();
    for (int part = 1; part <= 2; part++) {
      orderLines.addAll(Files.readAllLines(dir.resolve("orders").resolve("orders.tbl." + part), StandardCharsets.UTF_8));
    }
    assertThat(orderLines).hasSize(15_000);
    Pattern dbgen = Pattern.compile("\\d+\\|\\d+\\|[OFP]\\|\\d+\\.\\d\\d\\|\\d{4}-\\d\\d-\\d\\d\\|[1-5]-[A-Z ]+\\|Clerk#\\d{9}\\|0\\|[^|]*\\|");
    List<String> malformed = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    for (String line : orderLines) {
      // 9 columns and a '|' after the last
      if (!dbgen.matcher(line).matches() || line.split("\\|", -1).length != 10) {
        malformed.add(line);
      }
      if (!orderKeys.add(Long.parseLong(line.substring(0, line.indexOf('|'))))) {
        repeated.add(line);
      }
    }
    assertThat(malformed).isEmpty();
    assertThat(repeated).as("o_orderkey is unique").isEmpty();
    Set<Long> withLines = new HashSet<>();
    List<Long> orphans = new ArrayList<>();
    long lineitems = 0;
    for (int part = 1; part <= 2; part++) {
      for (String line : Files.readAllLines(dir.resolve("lineitem").resolve("lineitem.tbl." + part), StandardCharsets.UTF_8)) {
        long key = Long.parseLong(line.substring(0, line.indexOf('|')));
        if (!orderKeys.contains(key)) {
          orphans.add(key);
        }
        withLines.add(key);
        lineitems++;
      }
    }
    assertThat(orphans).as("l_orderkeys that are no order").isEmpty();
    assertThat(lineitems).isEqualTo(layout.lineitem().rows());
    assertThat(withLines).isEqualTo(orderKeys);
  }

  @Test
  void theMarkersRecordEachTableAndASecondGenerationFindsThem() throws IOException {
    TpchData.Layout first = TpchData.generate(0.001, 2, dir, 2);
    long cents = 0;
    for (Order o : new OrderGenerator(0.001, 1, 1)) {
      cents += o.getTotalPriceInCents();
    }
    assertThat(first.orders().sumCents()).isEqualTo(cents);
    long price = 0;
    for (LineItem l : new LineItemGenerator(0.001, 1, 1)) {
      price += l.getExtendedPriceInCents();
    }
    assertThat(first.lineitem().sumCents()).isEqualTo(price);
    assertThat(dir.resolve("orders").resolve("_tpch-orders.properties")).isRegularFile();
    assertThat(dir.resolve("lineitem").resolve(TpchLineitem.MARKER)).isRegularFile();
    // lineitem's directory is one TpchLineitem (bench-convert) reads
    assertThat(TpchLineitem.existing(dir.resolve("lineitem")).rows()).isEqualTo(first.lineitem().rows());

    Path orders1 = dir.resolve("orders").resolve("orders.tbl.1");
    Files.setLastModifiedTime(orders1, java.nio.file.attribute.FileTime.fromMillis(0));
    assertThat(TpchData.generate(0.001, 2, dir, 2)).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(orders1).toMillis()).isZero(); // found, not written again

    Files.writeString(orders1, "changed\n"); // a file of another size: generated again
    assertThat(TpchData.existing(TpchData.Table.ORDERS, dir.resolve("orders"))).isNull();
    assertThat(TpchData.generate(0.001, 2, dir, 2)).isEqualTo(first);
  }
}
