package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CsvFormat.Builder#resynchronize}: RFC 4180 CSV with quoted line breaks, split by bytes. */
class CsvResynchronizeTest {
  private static final Schema S = Schema.parse("id bigint, note string");
  private static final CsvFormat RESYNC = CsvFormat.builder().resynchronize(true).build();

  static List<List<Row>> perSplit(CsvFormat format, String text, int target) throws IOException {
    InputFile file = InputFile.of("f.csv", text.getBytes(StandardCharsets.UTF_8));
    List<List<Row>> out = new ArrayList<>();
    for (Split split : format.splits(file, target)) {
      List<Row> rows = new ArrayList<>();
      try (RecordReader r = format.reader(file, split, S, ReadOptions.of(BadRecordPolicy.fail()))) {
        while (r.next()) {
          rows.add(r.row().copy());
        }
      }
      out.add(rows);
    }
    return out;
  }

  @Test
  void quotedLineBreaksAreSplittableWhenResynchronising() throws IOException {
    assertThat(CsvFormat.DEFAULT.splittable()).isFalse();
    assertThat(RESYNC.splittable()).isTrue();
    // a split starting at "2,..." inside the first record's quoted field must not take it for a record
    String text = "1,\"a\n2,\"\"not a record\"\"\nb\"\n3,\"c\"\n4,\"d\"\n5,\"e\"\n";
    List<List<Row>> splits = perSplit(RESYNC, text, 8);
    assertThat(splits).hasSizeGreaterThan(3);
    assertThat(splits.stream().flatMap(List::stream).toList()).containsExactly(
        Row.of(S, 1L, "a\n2,\"not a record\"\nb"), Row.of(S, 3L, "c"), Row.of(S, 4L, "d"), Row.of(S, 5L, "e"));
    assertThat(splits.stream().filter(rows -> !rows.isEmpty()).count()).isGreaterThan(1); // the work is shared
  }

  @Test
  void withoutAQuoteAfterASplitStartThePreviousSplitReadsOn() throws IOException {
    // no quote at all: any byte could be inside a quoted field opened earlier, so only split 0 can read
    String text = "1,a\n2,b\n3,c\n4,d\n";
    List<List<Row>> splits = perSplit(RESYNC, text, 4);
    assertThat(splits).hasSize(4);
    assertThat(splits.get(0)).hasSize(4);
    assertThat(splits.subList(1, 4)).allSatisfy(rows -> assertThat(rows).isEmpty());
  }

  @Test
  void continuationsStopWhereTheSplitDoes() throws IOException {
    String text = "1,\"x\"\n2,\"y\"\n3,\"z\"\n";
    InputFile file = InputFile.of("f.csv", text.getBytes(StandardCharsets.UTF_8));
    List<Row> rows = new ArrayList<>();
    for (Split split : RESYNC.splits(file, 7)) {
      Position at = null;
      while (true) {
        try (RecordReader r = at == null ? RESYNC.reader(file, split, S, ReadOptions.of(BadRecordPolicy.fail()))
            : RESYNC.reader(file, split, at, S, ReadOptions.of(BadRecordPolicy.fail()))) {
          if (!r.next()) {
            break;
          }
          rows.add(r.row().copy());
          at = r.continuation(); // stop after every record
        }
      }
    }
    assertThat(rows).containsExactly(Row.of(S, 1L, "x"), Row.of(S, 2L, "y"), Row.of(S, 3L, "z"));
  }
}
