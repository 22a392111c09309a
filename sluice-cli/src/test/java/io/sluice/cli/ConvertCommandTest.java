package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.table.TableManifest;
import io.sluice.table.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code sluice convert}: options checked up front, a conversion run as a job, its summary printed. */
class ConvertCommandTest extends CommandLineTest {
  static final String SCHEMA = "id bigint, flag string, shipdate date, price decimal(12,2)";

  Path input() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      a.append(i).append('|').append("ABC".charAt(i % 3)).append('|').append(1992 + i % 7).append("-0").append(1 + i % 9)
          .append("-1").append(i % 10).append('|').append(i % 1000).append(".25\n");
    }
    Files.writeString(in.resolve("a.tbl"), a);
    Files.writeString(in.resolve("b.tbl"), "3000|A|1995-01-01|1.00\nnot-a-number|A|1995-01-01|1.00\n");
    Files.writeString(in.resolve("_SUCCESS"), "hidden\n");
    return in;
  }

  @Test
  void convertsPipeDelimitedTextToAPartitionedTableAndPrintsWhatItDid() throws Exception {
    Path in = input();
    Path out = dir.resolve("out");
    int code = sluice("convert", "--input", in.toString(), "--format", "csv", "--delimiter", "|", "--schema", SCHEMA,
        "--output", out.toString(), "--partition-by", "year(shipdate), month(shipdate)", "--bad-records", "1",
        "--store", dir.resolve("store").toString(), "--run-id", "c1");
    assertThat(code).as(stdout() + err).isZero();
    assertThat(stdout()).contains("3,002 rows in, 3,001 rows out, 0 filtered, 1 quarantined")
        .contains("quarantine.jsonl");
    TableSnapshot s = new TableManifest(new FileSystemObjectStore(out), "").latestOrFail();
    assertThat(s.rows()).isEqualTo(3001);
    assertThat(s.partitions()).hasSize(7 * 9);
    assertThat(Files.list(out.resolve("year=1995")).count()).isEqualTo(9);
    String sql = Files.readString(out.resolve("_sluice/catalog/athena.sql"));
    assertThat(sql).contains("CREATE EXTERNAL TABLE IF NOT EXISTS `out`").contains("PARTITIONED BY")
        .contains("STORED AS PARQUET").contains("LOCATION '" + out.toUri());
    assertThat(sql.lines().filter(l -> l.startsWith("ALTER TABLE `out` ADD IF NOT EXISTS PARTITION (`year`=1995, `month`=1)")))
        .hasSize(2);
  }

  @Test
  void readsDbgenLinesEndingWithTheDelimiter() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    // as TPC-H's dbgen writes lineitem: every line ends with '|'
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      a.append(i).append('|').append("NRA".charAt(i % 3)).append('|').append(1992 + i % 2).append("-0").append(1 + i % 3)
          .append("-15|").append(i).append(".50|\n");
    }
    Files.writeString(in.resolve("lineitem.tbl.1"), a);
    Files.writeString(in.resolve("lineitem.tbl.2"), "500|N|1993-03-01||\n");
    Path out = dir.resolve("out");
    int code = sluice("convert", "--input", in.toString(), "--format", "csv", "--delimiter", "|", "--trailing-delimiter",
        "--schema", SCHEMA, "--output", out.toString(), "--partition-by", "year(shipdate), month(shipdate)",
        "--store", dir.resolve("store").toString(), "--run-id", "t1");
    assertThat(code).as(stdout() + err).isZero();
    assertThat(stdout()).contains("501 rows in, 501 rows out, 0 filtered, 0 quarantined");
    TableSnapshot s = new TableManifest(new FileSystemObjectStore(out), "").latestOrFail();
    assertThat(s.rows()).isEqualTo(501);
    assertThat(s.partitions()).hasSize(2 * 3);
    assertThat(out.resolve("year=1993").resolve("month=03")).isDirectory();

    // without the option every line has one field too many: every record is bad
    int without = sluice("convert", "--input", in.toString(), "--format", "csv", "--delimiter", "|", "--schema", SCHEMA,
        "--output", dir.resolve("out2").toString(), "--store", dir.resolve("store").toString(), "--run-id", "t2");
    assertThat(without).isEqualTo(1);
    assertThat(stdout()).contains("FAILED run t2").contains("Sluice.TooManyBadRecords");
  }

  @Test
  void pastTheBadRecordLimitTheConversionFailsAndSaysWhereTheRecordsAre() throws Exception {
    Path in = input();
    int code = sluice("convert", "--input", in.toString(), "--format", "csv", "--delimiter", "|", "--schema", SCHEMA,
        "--output", dir.resolve("out").toString(), "--store", dir.resolve("store").toString(), "--run-id", "c2");
    assertThat(code).isEqualTo(1);
    assertThat(stdout()).contains("FAILED run c2").contains("Sluice.TooManyBadRecords")
        .contains("quarantined 1 of 3002 records").contains("quarantine.jsonl");
  }

  @Test
  void infersAndPrintsTheSchemaWhenNoneIsGiven() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("x.csv"), "id,name,score\n1,ann,2.5\n2,bob,3\n");
    int code = sluice("convert", "--input", in.toString(), "--format", "csv", "--header", "--output",
        dir.resolve("out").toString(), "--store", dir.resolve("store").toString());
    assertThat(code).as(stdout() + err).isZero();
    assertThat(stdout()).contains("Inferred the schema from x.csv").contains("--schema 'id ").contains("2 rows out");
  }

  @Test
  void badOptionsAreRefusedBeforeAnythingRuns() throws Exception {
    Path in = input();
    String store = dir.resolve("store").toString();
    String out = dir.resolve("out").toString();
    assertThat(sluice("convert", "--input", in.toString(), "--format", "csv", "--delimiter", "|", "--schema", SCHEMA,
        "--output", out, "--partition-by", "year(created)", "--store", store)).isEqualTo(2);
    assertThat(err.toString()).contains("--partition-by 'year(created)'").contains("created");

    assertThat(sluice("convert", "--input", in.toString(), "--format", "csv", "--schema", "id bigint, x strng",
        "--output", out, "--store", store)).isEqualTo(2);
    assertThat(err.toString()).contains("--schema").contains("strng");

    assertThat(sluice("convert", "--input", in.toString(), "--format", "xml", "--output", out, "--store", store)).isEqualTo(2);
    assertThat(err.toString()).contains("xml");

    assertThat(sluice("convert", "--input", dir.resolve("nowhere").toString(), "--format", "csv", "--output", out,
        "--store", store)).isEqualTo(2);
    assertThat(err.toString()).contains("does not exist");

    assertThat(sluice("convert", "--input", in.toString(), "--format", "jsonl", "--delimiter", "|", "--output", out,
        "--store", store)).isEqualTo(2);
    assertThat(err.toString()).contains("CSV options");

    assertThat(sluice("convert", "--input", in.toString(), "--format", "jsonl", "--trailing-delimiter", "--output", out,
        "--store", store)).isEqualTo(2);
    assertThat(err.toString()).contains("--trailing-delimiter are CSV options");

    assertThat(sluice("convert", "--input", in.toString(), "--format", "csv", "--schema", SCHEMA, "--output", out,
        "--target-file-size", "huge", "--store", store)).isEqualTo(2);
    assertThat(err.toString()).contains("--target-file-size").contains("'huge' is not a size");
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
    assertThat(new String(Files.readAllBytes(in.resolve("a.tbl")), StandardCharsets.UTF_8)).startsWith("0|A|");
  }
}
