package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Splitting an object into byte ranges reads every line exactly once, wherever the cuts fall. (This was
 * the demo's {@code LineRangeTest}; the boundary rule now lives in the CSV reader.)
 */
class CsvByteRangeTest {
  private static final Schema LINE = Schema.of(Field.required("line", FieldType.STRING));
  private static final CsvFormat LINES = CsvFormat.builder().newlinesInQuotes(false).build();

  static List<String> readAll(byte[] data, int chunk) {
    List<String> lines = new ArrayList<>();
    for (long off = 0; off < data.length; off += chunk) {
      long end = Math.min(data.length, off + chunk);
      for (Row r : Records.read(LINES, LINE, Records.range(data, off, end), BadRecordPolicy.fail())) {
        lines.add(r.getString(0));
      }
    }
    return lines;
  }

  @Property(tries = 300)
  void everyLineIsReadExactlyOnce(
      @ForAll @Size(min = 1, max = 40) List<@StringLength(min = 0, max = 30) String> words,
      @ForAll @IntRange(min = 1, max = 64) int chunk,
      @ForAll boolean trailingNewline) {
    List<String> clean = words.stream().map(w -> w.replace('\n', ' ')).toList();
    List<Row> rows = clean.stream().map(w -> Row.of(LINE, w)).toList();
    String text = new String(Records.write(LINES, LINE, rows), StandardCharsets.UTF_8);
    if (!trailingNewline) {
      text = text.substring(0, text.length() - 1);
    }
    assertThat(readAll(text.getBytes(StandardCharsets.UTF_8), chunk)).containsExactlyElementsOf(clean);
  }

  @Property(tries = 300)
  void everyRawLineIsReadExactlyOnce(
      @ForAll @Size(min = 1, max = 40) List<@StringLength(min = 0, max = 30) String> words,
      @ForAll @IntRange(min = 1, max = 64) int chunk,
      @ForAll boolean trailingNewline) {
    // Unquoted text, as the demo's input: only the delimiter and a leading quote mean anything.
    List<String> clean = words.stream().map(w -> w.replaceAll("[\n\r,\"]", " ")).toList();
    String text = String.join("\n", clean) + (trailingNewline ? "\n" : "");
    List<String> expected = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (trailingNewline || expected.get(expected.size() - 1).isEmpty()) {
      expected.remove(expected.size() - 1);
    }
    expected.removeIf(String::isEmpty); // a blank line is a null here: LINE is required, so it is refused...
    List<BadRecord> bad = new ArrayList<>();
    List<String> read = new ArrayList<>();
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    for (long off = 0; off < data.length; off += chunk) {
      for (Row r : Records.read(LINES, LINE, Records.range(data, off, Math.min(data.length, off + chunk)), BadRecordPolicy.skipAndReport(bad::add))) {
        read.add(r.getString(0));
      }
    }
    assertThat(read).containsExactlyElementsOf(expected);
    // ...and reported, once per blank line (but for a last line that is empty because the text ends in \n).
    long blanks = Arrays.stream(text.split("\n", -1)).limit(text.split("\n", -1).length - 1).filter(String::isEmpty).count();
    assertThat(bad).hasSize((int) blanks).allSatisfy(b -> assertThat(b.reason()).isEqualTo("field 'line' is empty but required"));
  }

  @Test
  void aRangeStartingExactlyAtALineStartKeepsThatLine() {
    byte[] data = "ab\ncd\nef\n".getBytes(StandardCharsets.UTF_8);
    assertThat(readAll(data, 3)).containsExactly("ab", "cd", "ef");
  }

  @Test
  void aContinuationResumesAtItsPosition() throws IOException {
    byte[] data = "ab\ncd\nef\n".getBytes(StandardCharsets.UTF_8);
    RecordSource from3 = RecordSource.continuation("mem", 3, data.length, off -> new ByteArrayInputStream(data, (int) off, data.length - (int) off));
    try (RecordReader r = LINES.reader(from3, LINE, BadRecordPolicy.fail())) {
      assertThat(r.next()).isTrue();
      assertThat(r.row().getString(0)).isEqualTo("cd");
      assertThat(r.position()).isEqualTo(6);
      assertThat(r.next()).isTrue();
      assertThat(r.row().getString(0)).isEqualTo("ef");
      assertThat(r.next()).isFalse();
    }
  }
}
