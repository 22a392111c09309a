package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A string field that is not valid UTF-8 makes its record bad; it is not replaced silently. */
class MalformedUtf8Test {
  private static final Schema SCHEMA = Schema.builder().required("id", FieldType.STRING).required("tenant", FieldType.STRING).build();

  private final List<BadRecord> bad = new ArrayList<>();

  private List<Row> read(RecordFormat format, byte[] data) {
    return Records.read(format, SCHEMA, RecordSource.of("in.txt", new ByteArrayInputStream(data)), BadRecordPolicy.skipAndReport(bad::add));
  }

  private static byte[] bytes(String before, byte[] malformed, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[a.length + malformed.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(malformed, 0, all, a.length, malformed.length);
    System.arraycopy(c, 0, all, a.length + malformed.length, c.length);
    return all;
  }

  @Test
  void csvReportsAMalformedSequenceWithObjectOffsetAndField() {
    // "tenant-" then 0xC3 0x28 (a lead byte followed by a byte that cannot continue it), as in the demo's report.
    byte[] data = bytes("a,tenant-1\nb,tenant-", new byte[] {(byte) 0xC3, 0x28}, "\nc,tenant-\u00e9\n");
    List<Row> rows = read(CsvFormat.builder().newlinesInQuotes(false).build(), data);
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "c");
    assertThat(rows.get(1).getString(1)).isEqualTo("tenant-\u00e9");
    assertThat(bad).singleElement().satisfies(b -> {
      assertThat(b.source()).isEqualTo("in.txt");
      assertThat(b.offset()).isEqualTo(11);
      assertThat(b.reason()).isEqualTo("field 'tenant' is not valid UTF-8: malformed sequence at byte 20 (0xC3 0x28)");
    });
  }

  @Test
  void csvReportsTruncatedAndOverlongSequencesAndSurrogates() {
    byte[][] malformed = {
        {(byte) 0xE2, (byte) 0x82},             // truncated 3-byte sequence (the line ends)
        {(byte) 0xC0, (byte) 0xAF},             // overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate, not allowed in UTF-8
        {(byte) 0xFF},                          // never valid
        {(byte) 0x80},                          // a continuation byte alone
    };
    for (byte[] m : malformed) {
      bad.clear();
      List<Row> rows = read(CsvFormat.DEFAULT, bytes("x,", m, "\n"));
      assertThat(rows).isEmpty();
      assertThat(bad).singleElement().satisfies(b -> assertThat(b.reason()).startsWith("field 'tenant' is not valid UTF-8"));
    }
  }

  @Test
  void jsonLinesReportsAMalformedSequenceInAString() {
    byte[] data = bytes("{\"id\":\"a\",\"tenant\":\"t1\"}\n{\"id\":\"b\",\"tenant\":\"t", new byte[] {(byte) 0xFF}, "\"}\n");
    List<Row> rows = read(JsonLinesFormat.DEFAULT, data);
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a");
    assertThat(bad).singleElement().satisfies(b -> {
      assertThat(b.offset()).isEqualTo(25);
      assertThat(b.reason()).isEqualTo("field 'tenant' is not valid UTF-8: malformed sequence at byte 46 (0xFF)");
    });
  }
}
