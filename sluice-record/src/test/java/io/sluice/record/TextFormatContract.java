package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * What a format of one record per line adds to {@link RecordFormatContract}: a split may cut a record
 * anywhere (it belongs to the split its first byte is in), the last line needs no line break, bad
 * records are reported at their byte offsets, and malformed UTF-8 makes a record bad unless the
 * options say to replace it.
 */
public abstract class TextFormatContract extends RecordFormatContract {
  private static final Schema WRITTEN = Schema.builder().required("id", FieldType.STRING).optional("n", FieldType.STRING).build();
  private static final Schema READ = Schema.builder().required("id", FieldType.STRING).optional("n", FieldType.INT32).build();

  /** A split ending or starting at any byte of the object, a record cut in two included. */
  @Test
  void twoSplitsCutAtAnyByteReadEveryRecordOnce() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      rows.add(Row.of(WRITTEN, "r" + k + "\u00e9", k % 2 == 0 ? null : Integer.toString(k)));
    }
    byte[] data = write(WRITTEN, rows);
    InputFile file = InputFile.of("mem", data);
    if (!format().splittable()) {
      // a split must start where a record does: the format cannot tell a record boundary elsewhere
      assertThatThrownBy(() -> format().reader(file, new Split(1, data.length), WRITTEN, FAIL))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record boundary");
      return;
    }
    for (int cut = 0; cut <= data.length; cut++) {
      List<Row> read = new ArrayList<>();
      for (Split s : List.of(new Split(0, cut), new Split(cut, data.length))) {
        try (RecordReader in = format().reader(file, s, WRITTEN, FAIL)) {
          while (in.next()) {
            read.add(in.row().copy());
          }
        }
      }
      assertThat(read).as("cut at byte %d", cut).isEqualTo(rows);
    }
  }

  @Property(tries = 100)
  void theLastLineNeedsNoLineBreak(@ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 999) Integer> values,
      @ForAll @IntRange(min = 1, max = 200) int target) {
    List<Row> rows = values.stream().map(v -> Row.of(WRITTEN, "id-" + v, Integer.toString(v))).toList();
    byte[] data = write(WRITTEN, rows);
    assertThat(data[data.length - 1]).isEqualTo((byte) '\n');
    InputFile file = InputFile.of("mem", Arrays.copyOf(data, data.length - 1));
    if (!format().splittable()) {
      target = Integer.MAX_VALUE;
    }
    assertThat(readSplits(file, target, WRITTEN, FAIL)).isEqualTo(rows);
  }

  @Property(tries = 100)
  void badRecordsAreReportedOnceWithObjectAndOffset(@ForAll @Size(max = 30) List<@IntRange(min = -5, max = 99) Integer> values,
      @ForAll @IntRange(min = 1, max = 300) int target) {
    // written as text, read as INT32: a negative value is written as "x", which is not an integer
    List<Row> rows = values.stream().map(v -> Row.of(WRITTEN, "id-" + v, v < 0 ? "x" : Integer.toString(v))).toList();
    byte[] data = write(WRITTEN, rows);
    List<Long> badOffsets = new ArrayList<>();
    List<Row> good = new ArrayList<>();
    long offset = 0;
    for (int k = 0; k < rows.size(); k++) {
      if (values.get(k) < 0) {
        badOffsets.add(offset);
      } else {
        good.add(Row.of(READ, "id-" + values.get(k), values.get(k)));
      }
      offset += write(WRITTEN, List.of(rows.get(k))).length;
    }
    List<BadRecord> bad = new ArrayList<>();
    ReadOptions options = ReadOptions.of(BadRecordPolicy.skipAndReport(bad::add));
    List<Row> read = readSplits(InputFile.of("input/part-0", data), format().splittable() ? target : Integer.MAX_VALUE, READ, options);
    assertThat(read).isEqualTo(good);
    assertThat(bad).extracting(BadRecord::offset).isEqualTo(badOffsets);
    assertThat(bad).allSatisfy(b -> {
      assertThat(b.source()).isEqualTo("input/part-0");
      assertThat(b.reason()).contains("'n'").contains("'x' is not an integer");
    });
  }

  @Test
  void malformedUtf8MakesTheRecordBadUnlessToldToReplace() {
    byte[] good = write(WRITTEN, List.of(Row.of(WRITTEN, "a", "1"), Row.of(WRITTEN, "bXb", "2"), Row.of(WRITTEN, "c", "3")));
    String text = new String(good, StandardCharsets.UTF_8);
    int at = text.indexOf("bXb") + 1;
    byte[] data = good.clone();
    data[at] = (byte) 0xE9; // Latin-1 'é', not UTF-8
    List<BadRecord> bad = new ArrayList<>();
    List<Row> read = readSplits(InputFile.of("latin1.txt", data), 1 << 20, WRITTEN, ReadOptions.of(BadRecordPolicy.skipAndReport(bad::add)));
    assertThat(read).extracting(r -> r.getString(0)).containsExactly("a", "c");
    assertThat(bad).singleElement().satisfies(b -> {
      assertThat(b.source()).isEqualTo("latin1.txt");
      assertThat(b.offset()).isEqualTo(text.indexOf('\n') + 1);
      assertThat(b.reason()).isEqualTo("field 'id' is not valid UTF-8: malformed sequence at byte " + at + " (0xE9 0x62)");
    });
    ReadOptions replace = ReadOptions.builder().badRecords(BadRecordPolicy.fail()).malformedText(ReadOptions.MalformedText.REPLACE).build();
    assertThat(readSplits(InputFile.of("latin1.txt", data), 1 << 20, WRITTEN, replace)).extracting(r -> r.getString(0))
        .containsExactly("a", "b\ufffdb", "c");
  }

  @Test
  void aProjectionSkipsMalformedTextOutsideIt() {
    byte[] data = write(WRITTEN, List.of(Row.of(WRITTEN, "a", "1"), Row.of(WRITTEN, "bXb", "2")));
    data[new String(data, StandardCharsets.UTF_8).indexOf("bXb") + 1] = (byte) 0xFF;
    ReadOptions onlyN = ReadOptions.builder().badRecords(BadRecordPolicy.fail()).project("n").build();
    assertThat(readSplits(InputFile.of("mem", data), 1 << 20, READ, onlyN)).extracting(r -> r.getInt(0)).containsExactly(1, 2);
  }
}
