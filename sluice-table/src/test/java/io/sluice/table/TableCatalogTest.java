package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.Schema;
import io.sluice.table.internal.HivePaths;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of the Athena/Glue statements. */
class TableCatalogTest {
  static final Schema ALL_TYPES = Schema.parse("region string not null, i8 tinyint, i16 smallint, i32 int, i64 bigint,"
      + " f float, d double, b boolean, day date, ts timestamp, lts timestamp_ntz, amount decimal(12,2), bin binary,"
      + " tags array<string>, attrs map<string, bigint>, addr struct<city: string, `zip code` string>, `we``ird` string");
  static final URI S3 = URI.create("s3://bucket/tables/events");

  @Test
  void createTableDeclaresFileColumnsWithHiveTypesThenThePartitionColumns() {
    TableDefinition def = new TableDefinition("events", PartitionSpec.parse("region, year(ts), month(ts)", ALL_TYPES), "parquet");
    assertThat(new TableCatalog(def, S3).createTable()).isEqualTo("""
        CREATE EXTERNAL TABLE IF NOT EXISTS `events` (
          `i8` tinyint,
          `i16` smallint,
          `i32` int,
          `i64` bigint,
          `f` float,
          `d` double,
          `b` boolean,
          `day` date,
          `ts` timestamp,
          `lts` timestamp,
          `amount` decimal(12,2),
          `bin` binary,
          `tags` array<string>,
          `attrs` map<string,bigint>,
          `addr` struct<city:string,`zip code`:string>,
          `we``ird` string
        )
        PARTITIONED BY (
          `region` string,
          `year` int,
          `month` int
        )
        STORED AS PARQUET
        LOCATION 's3://bucket/tables/events/'
        TBLPROPERTIES ('parquet.compression'='SNAPPY')""");
  }

  @Test
  void theSymlinkTableReadsTheManifestsThroughSymlinkTextInputFormat() {
    TableDefinition def = new TableDefinition("orders", TableFixture.SPEC, "parquet");
    assertThat(new TableCatalog(def, URI.create("s3://b/t/orders/")).createSymlinkTable()).isEqualTo("""
        CREATE EXTERNAL TABLE IF NOT EXISTS `orders` (
          `id` bigint,
          `ts` timestamp,
          `amount` decimal(12,2),
          `qty` int
        )
        PARTITIONED BY (
          `tenant` string,
          `year` int
        )
        ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
        STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'
        OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
        LOCATION 's3://b/t/orders/_sluice/symlink/'""");
  }

  @Test
  void anUnpartitionedTableHasNoPartitionClauseAndNoPartitions() {
    TableDefinition def = new TableDefinition("plain", PartitionSpec.unpartitioned(Schema.parse("a int")), "parquet");
    TableCatalog catalog = new TableCatalog(def, S3);
    assertThat(catalog.createTable()).doesNotContain("PARTITIONED BY").contains("`a` int\n)\nSTORED AS PARQUET");
    DataFile f = new DataFile("part-1.parquet", "", java.util.Map.of(), 1, 1);
    TableSnapshot s = new TableSnapshot(2, def, List.of(f), TableManifest.APPEND, List.of(f), List.of(), Instant.EPOCH);
    assertThat(catalog.partitions(s)).isEmpty();
    assertThat(catalog.addPartitions(s)).isEmpty();
  }

  @Test
  void partitionStatementsQuoteStringsEscapeQuotesAndFollowDirectoryOrder() {
    Schema schema = Schema.parse("tenant string, day date, n int, ts timestamp");
    TableDefinition def = new TableDefinition("t", PartitionSpec.parse("tenant, day, month(ts)", schema), "parquet");
    List<DataFile> files = List.of(
        file(def, "it's \\ odd", "2024-03-07", "03"),
        file(def, "acme", "2024-03-07", "11"),
        file(def, null, "2024-01-01", "01"));
    TableSnapshot s = new TableSnapshot(3, def, files, TableManifest.APPEND, files, List.of(), Instant.EPOCH);
    TableCatalog catalog = new TableCatalog(def, URI.create("s3://b/t/"));

    assertThat(catalog.partitions(s)).extracting(TableCatalog.Partition::directory).containsExactly(
        "tenant=__HIVE_DEFAULT_PARTITION__/day=2024-01-01/month=01/",
        "tenant=acme/day=2024-03-07/month=11/",
        "tenant=it%27s %5C odd/day=2024-03-07/month=03/");
    assertThat(catalog.addPartitions(s)).containsExactly(
        "ALTER TABLE `t` ADD IF NOT EXISTS PARTITION (`tenant`='__HIVE_DEFAULT_PARTITION__', `day`='2024-01-01', `month`=1)"
            + " LOCATION 's3://b/t/tenant=__HIVE_DEFAULT_PARTITION__/day=2024-01-01/month=01/'",
        "ALTER TABLE `t` ADD IF NOT EXISTS PARTITION (`tenant`='acme', `day`='2024-03-07', `month`=11)"
            + " LOCATION 's3://b/t/tenant=acme/day=2024-03-07/month=11/'",
        "ALTER TABLE `t` ADD IF NOT EXISTS PARTITION (`tenant`='it\\'s \\\\ odd', `day`='2024-03-07', `month`=3)"
            + " LOCATION 's3://b/t/tenant=it%27s %5C odd/day=2024-03-07/month=03/'");
    assertThat(catalog.addSymlinkPartitions(s).get(1)).isEqualTo(
        "ALTER TABLE `t` ADD IF NOT EXISTS PARTITION (`tenant`='acme', `day`='2024-03-07', `month`=11)"
            + " LOCATION 's3://b/t/_sluice/symlink/tenant=acme/day=2024-03-07/month=11/'");
    assertThat(catalog.repairTable()).isEqualTo("MSCK REPAIR TABLE `t`");
  }

  @Test
  void numericAndBooleanIdentityPartitionsAreUnquoted() {
    Schema schema = Schema.parse("shard int, live boolean, v string");
    TableDefinition def = new TableDefinition("t", PartitionSpec.parse("shard, live", schema), "parquet");
    String dirPath = "shard=7/live=true/";
    DataFile f = new DataFile(dirPath + "p.parquet", dirPath, HivePaths.parse(dirPath), 1, 1);
    TableSnapshot s = new TableSnapshot(2, def, List.of(f), TableManifest.APPEND, List.of(f), List.of(), Instant.EPOCH);
    assertThat(new TableCatalog(def, URI.create("s3://b/t/")).addPartitions(s)).containsExactly(
        "ALTER TABLE `t` ADD IF NOT EXISTS PARTITION (`shard`=7, `live`=true) LOCATION 's3://b/t/shard=7/live=true/'");
  }

  private static DataFile file(TableDefinition def, String tenant, String day, String month) {
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put("tenant", tenant);
    values.put("day", day);
    values.put("month", month);
    String dir = def.spec().path(values);
    return new DataFile(dir + "part-0.parquet", dir, values, 1, 1);
  }

  @Test
  void typesWithoutAHiveTypeAndOtherFormatsAreRefusedNamingTheColumn() {
    TableDefinition time = new TableDefinition("t", PartitionSpec.unpartitioned(Schema.parse("id int, at time")), "parquet");
    assertThatThrownBy(() -> new TableCatalog(time, S3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Column 'at' is of type TIME");
    TableDefinition csv = new TableDefinition("t", PartitionSpec.unpartitioned(Schema.parse("id int")), "csv");
    assertThatThrownBy(() -> new TableCatalog(csv, S3)).hasMessageContaining("holds csv files");
    TableDefinition ok = new TableDefinition("t", PartitionSpec.unpartitioned(Schema.parse("id int")), "parquet");
    assertThatThrownBy(() -> new TableCatalog(ok, URI.create("tables/t/"))).hasMessageContaining("must be absolute");
  }
}
