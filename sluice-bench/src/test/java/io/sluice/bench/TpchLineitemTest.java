package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.CsvFormat;
import io.sluice.record.InputFile;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lineitem generator at a tiny scale factor: dbgen's line format, parts that make the table, the marker. */
class TpchLineitemTest {
  private static final double SF = 0.001;
  @TempDir Path dir;

  @Test
  void linesAreDbgenFormatWithATrailingDelimiter() throws IOException {
    TpchLineitem.Generated g = TpchLineitem.generate(SF, 2, dir, 2);
    List<String> lines = Files.readAllLines(dir.resolve("lineitem.tbl.1"), StandardCharsets.UTF_8);
    lines.addAll(Files.readAllLines(dir.resolve("lineitem.tbl.2"), StandardCharsets.UTF_8));
    assertThat(lines).hasSize((int) g.rows());
    assertThat(g.rows()).isGreaterThan(1000);
    assertThat(lines).allSatisfy(line -> {
      assertThat(line).endsWith("|");
      assertThat(line.split("\\|", -1)).hasSize(17); // 16 columns and the empty text after the trailing '|'
      assertThat(line).matches("\\d+\\|\\d+\\|\\d+\\|\\d\\|\\d+(\\.\\d\\d)?\\|\\d+\\.\\d\\d\\|0\\.\\d\\d\\|0\\.\\d\\d\\|[ARN]\\|[OF]"
          + "\\|\\d{4}-\\d\\d-\\d\\d\\|\\d{4}-\\d\\d-\\d\\d\\|\\d{4}-\\d\\d-\\d\\d\\|[A-Z ]+\\|[A-Z ]+\\|[^|]*\\|");
    });
    assertThat(lines.get(0)).startsWith("1|");
    assertThat(g.bytes()).isEqualTo(Files.size(dir.resolve("lineitem.tbl.1")) + Files.size(dir.resolve("lineitem.tbl.2")));
  }

  @Test
  void anyNumberOfPartsMakesTheSameTable() throws IOException {
    TpchLineitem.Generated one = TpchLineitem.generate(SF, 1, dir.resolve("one"), 1);
    TpchLineitem.Generated three = TpchLineitem.generate(SF, 3, dir.resolve("three"), 2);
    assertThat(three.rows()).isEqualTo(one.rows());
    assertThat(three.bytes()).isEqualTo(one.bytes());
    assertThat(three.extendedPriceCents()).isEqualTo(one.extendedPriceCents());
    String whole = Files.readString(dir.resolve("one").resolve("lineitem.tbl.1"));
    String parts = Files.readString(dir.resolve("three").resolve("lineitem.tbl.1")) + Files.readString(dir.resolve("three").resolve("lineitem.tbl.2"))
        + Files.readString(dir.resolve("three").resolve("lineitem.tbl.3"));
    assertThat(parts).isEqualTo(whole);
  }

  @Test
  void theSchemaReadsEveryLineAndTheSumMatchesTheMarker() throws IOException {
    TpchLineitem.Generated g = TpchLineitem.generate(SF, 1, dir, 1);
    Schema schema = Schema.parse(TpchLineitem.SCHEMA);
    assertThat(schema.size()).isEqualTo(16);
    CsvFormat dbgen = CsvFormat.builder().delimiter('|').newlinesInQuotes(false).trailingDelimiter(true).build();
    InputFile file = InputFile.of(dir.resolve("lineitem.tbl.1"));
    long rows = 0;
    BigDecimal sum = BigDecimal.ZERO;
    try (RecordReader r = dbgen.reader(file, Split.whole(file.length()), schema, ReadOptions.of(BadRecordPolicy.fail()))) {
      while (r.next()) {
        rows++;
        sum = sum.add(r.row().getDecimal(schema.indexOf("l_extendedprice")));
      }
    }
    assertThat(rows).isEqualTo(g.rows());
    assertThat(sum).isEqualTo(BigDecimal.valueOf(g.extendedPriceCents(), 2));
  }

  @Test
  void generatingAgainWithTheSameScaleFactorIsSkipped() throws IOException {
    TpchLineitem.Generated first = TpchLineitem.generate(SF, 2, dir, 2);
    Path file = dir.resolve("lineitem.tbl.1");
    FileTime written = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, written);
    assertThat(TpchLineitem.generate(SF, 2, dir, 2)).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
    assertThat(TpchLineitem.existing(dir)).isEqualTo(first);

    // another scale factor, or a file gone, generates anew
    TpchLineitem.Generated bigger = TpchLineitem.generate(0.002, 2, dir, 2);
    assertThat(bigger.rows()).isGreaterThan(first.rows());
    assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(written);
    Files.delete(dir.resolve("lineitem.tbl.2"));
    assertThat(TpchLineitem.existing(dir)).isNull();
    assertThat(TpchLineitem.generate(0.002, 2, dir, 2)).isEqualTo(bigger);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> TpchLineitem.generate(0, 2, dir, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sf=0.0");
    assertThatThrownBy(() -> TpchLineitem.main(new String[] {"--sf", "1"})).hasMessageContaining("--dir DIR is required");
    assertThatThrownBy(() -> TpchLineitem.main(new String[] {"--scale", "1"})).hasMessageContaining("Unknown option --scale");
  }
}
