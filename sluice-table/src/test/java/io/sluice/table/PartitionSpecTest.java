package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.FieldType;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.table.internal.HivePaths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class PartitionSpecTest {
  static final Schema ORDERS = Schema.builder()
      .required("order_id", FieldType.STRING)
      .optional("tenant_id", FieldType.STRING)
      .required("ts", FieldType.TIMESTAMP)
      .optional("ship_date", FieldType.DATE)
      .optional("local", FieldType.LOCAL_TIMESTAMP)
      .optional("amount", FieldType.decimal(9, 2))
      .build();

  Row row(String tenant, String ts, LocalDate ship) {
    return Row.of(ORDERS, "o-1", tenant, Instant.parse(ts), ship, LocalDateTime.parse("2024-12-31T23:00:00"), null);
  }

  @Test
  void identityAndDerivedColumnsMakeAHivePath() {
    PartitionSpec spec = PartitionSpec.parse("tenant_id, year(ts), month(ts)", ORDERS);
    Row r = row("acme", "2024-03-07T10:15:30Z", null);
    assertThat(spec.path(r)).isEqualTo("tenant_id=acme/year=2024/month=03/");
    assertThat(spec.values(r)).containsExactly(
        java.util.Map.entry("tenant_id", "acme"), java.util.Map.entry("year", "2024"), java.util.Map.entry("month", "03"));
    assertThat(spec.toString()).isEqualTo("tenant_id, year(ts), month(ts)");
    assertThat(PartitionSpec.parse(spec.toString(), ORDERS)).isEqualTo(spec);
  }

  @Test
  void identityColumnsLeaveTheFilesDerivedOnesAreExtra() {
    PartitionSpec spec = PartitionSpec.parse("tenant_id, year(ship_date), day(ship_date)", ORDERS);
    assertThat(spec.fileSchema().names()).containsExactly("order_id", "ts", "ship_date", "local", "amount");
    assertThat(spec.partitionSchema()).extracting(f -> f.name() + " " + f.type())
        .containsExactly("tenant_id STRING", "year INT32", "day INT32");
  }

  @Test
  void nullValuesGoToTheHiveDefaultPartitionAndSpecialCharactersAreEscaped() {
    PartitionSpec spec = PartitionSpec.parse("tenant_id, year(ship_date)", ORDERS);
    assertThat(spec.path(row(null, "2024-03-07T10:15:30Z", null)))
        .isEqualTo("tenant_id=__HIVE_DEFAULT_PARTITION__/year=__HIVE_DEFAULT_PARTITION__/");
    assertThat(spec.path(row("a/b=c:d%e", "2024-03-07T10:15:30Z", LocalDate.of(1999, 1, 2))))
        .isEqualTo("tenant_id=a%2Fb%3Dc%3Ad%25e/year=1999/");
    assertThat(HivePaths.parse("tenant_id=a%2Fb%3Dc%3Ad%25e/year=__HIVE_DEFAULT_PARTITION__/"))
        .containsEntry("tenant_id", "a/b=c:d%e").containsEntry("year", null);
  }

  @Test
  void timestampsAreCutInUtcAndLocalTimestampsOnTheirWallClock() {
    PartitionSpec spec = PartitionSpec.parse("year(ts), month(ts), day(ts), hour(ts), hour(local) AS local_hour", ORDERS);
    assertThat(spec.path(row("x", "2023-12-31T23:59:59Z", null)))
        .isEqualTo("year=2023/month=12/day=31/hour=23/local_hour=23/");
    assertThat(spec.path(row("x", "1969-12-31T23:59:59.5Z", null))).startsWith("year=1969/month=12/day=31/hour=23/");
  }

  @Test
  void badSpecsAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> PartitionSpec.parse("year(nope)", ORDERS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column 'nope'");
    assertThatThrownBy(() -> PartitionSpec.parse("week(ts)", ORDERS))
        .hasMessageContaining("unknown function 'week'");
    assertThatThrownBy(() -> PartitionSpec.parse("year(order_id)", ORDERS))
        .hasMessageContaining("needs a DATE, TIMESTAMP or LOCAL_TIMESTAMP column; 'order_id' is STRING");
    assertThatThrownBy(() -> PartitionSpec.parse("hour(ship_date)", ORDERS))
        .hasMessageContaining("hour() needs a TIMESTAMP");
    assertThatThrownBy(() -> PartitionSpec.parse("ts", ORDERS))
        .hasMessageContaining("use year(ts)");
    assertThatThrownBy(() -> PartitionSpec.parse("year(ts), year(ship_date)", ORDERS))
        .hasMessageContaining("Two partition columns are named 'year'");
    assertThatThrownBy(() -> PartitionSpec.parse("tenant_id,,year(ts)", ORDERS))
        .hasMessageContaining("cannot read ''");
  }

  @Test
  void blankTextIsUnpartitioned() {
    PartitionSpec spec = PartitionSpec.parse("  ", ORDERS);
    assertThat(spec.isUnpartitioned()).isTrue();
    assertThat(spec.path(row("a", "2024-01-01T00:00:00Z", null))).isEmpty();
    assertThat(spec.fileSchema()).isEqualTo(ORDERS);
  }
}
