package io.sluice.record.internal;

import io.sluice.record.BadRecord;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordSource;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What every text reader shares: the range, the projection, the reused row, the current record's
 * place in the input buffer, bad-record reporting and the UTF-8 rule.
 */
abstract class BaseReader implements RecordReader {
  /** A record longer than this is bad; the reader keeps no more of it, so memory stays bounded. */
  static final int MAX_RECORD_BYTES = 64 << 20;

  final RecordSource source;
  /** The schema of the data. */
  final Schema schema;
  /** The schema of the rows: the projection of {@link #schema}. */
  final Schema rowSchema;
  /** For each field of {@link #schema}, its position in the row, or -1 if it is not projected. */
  final int[] target;
  final FieldType[] types;
  final boolean[] nullable;
  final MutableRow row;
  final ByteInput in;
  final long end;
  final boolean replaceMalformed;
  private final BadRecordPolicy policy;
  private long bad;
  long recordOffset = -1;

  /** The current record in {@code in.buf}: {@code [recStart, recEnd)}, its line break included. */
  int recStart;
  int recEnd;
  /** Whether the current record was longer than {@link #MAX_RECORD_BYTES}; its first bytes are in {@link #overlongRaw}. */
  boolean overlong;
  private byte[] overlongRaw;

  BaseReader(RecordSource source, Schema schema, ReadOptions options) throws IOException {
    this.source = source;
    this.schema = schema;
    this.rowSchema = options.projectedSchema(schema);
    this.policy = options.badRecords();
    this.replaceMalformed = options.malformedText() == ReadOptions.MalformedText.REPLACE;
    this.target = new int[schema.size()];
    this.types = new FieldType[schema.size()];
    this.nullable = new boolean[schema.size()];
    for (int i = 0; i < target.length; i++) {
      types[i] = schema.field(i).type();
      nullable[i] = schema.field(i).nullable();
      target[i] = rowSchema == schema ? i : rowSchema.contains(schema.field(i).name()) ? rowSchema.indexOf(schema.field(i).name()) : -1;
    }
    this.row = new MutableRow(rowSchema);
    this.end = source.end();
    this.in = ByteInput.open(source);
  }

  @Override
  public final Schema schema() {
    return rowSchema;
  }

  @Override
  public final Row row() {
    return row;
  }

  @Override
  public final long recordOffset() {
    return recordOffset;
  }

  @Override
  public final long position() {
    return in.position();
  }

  @Override
  public final long badRecords() {
    return bad;
  }

  /**
   * Reads more input while keeping the current record, from {@link #recStart}; subclasses adjust the
   * indices they saved by {@code in.shifted}. A record that grows past {@link #MAX_RECORD_BYTES} is
   * marked {@link #overlong} and no longer kept.
   */
  final boolean more() throws IOException {
    int keep = recStart;
    if (overlong) {
      keep = in.limit;
    } else if (in.limit - recStart >= MAX_RECORD_BYTES) {
      overlong = true;
      overlongRaw = java.util.Arrays.copyOfRange(in.buf, recStart, recStart + BadRecord.MAX_RAW_CHARS * 4);
      keep = in.limit;
    }
    boolean got = in.more(keep);
    recStart -= in.shifted;
    return got;
  }

  /** Hands the current record to the policy (which may throw) and counts it. */
  final void reportBad(long offset, String reason) {
    byte[] b = overlong ? overlongRaw : in.buf;
    int from = overlong ? 0 : recStart;
    int len = overlong ? overlongRaw.length : recEnd - recStart;
    if (len > 0 && b[from + len - 1] == '\n') {
      len--;
      if (len > 0 && b[from + len - 1] == '\r') {
        len--;
      }
    }
    String raw = new String(b, from, Math.min(len, BadRecord.MAX_RAW_CHARS * 4), StandardCharsets.UTF_8);
    if (raw.length() > BadRecord.MAX_RAW_CHARS) {
      raw = raw.substring(0, BadRecord.MAX_RAW_CHARS);
    }
    policy.onBadRecord(new BadRecord(source.name(), offset, reason, raw));
    bad++;
  }

  /** {@code 'name'} of field {@code i}, or {@code #n} past the schema's last field. */
  final String fieldLabel(int i) {
    return i < schema.size() ? "'" + schema.field(i).name() + "'" : "#" + (i + 1);
  }

  /**
   * Sets STRING field {@code t} of the row to {@code b[off, off + len)}, which is in {@code in.buf} or
   * a scratch buffer that stays put until the next record; returns why it cannot (malformed UTF-8),
   * or null. {@code inInput} says whether the bytes are the input's, to name their object offset.
   */
  final String setText(MutableRow row, int t, byte[] b, int off, int len, String label, boolean inInput, int inputIndex) {
    try {
      row.setStringUtf8(t, b, off, len); // checks the UTF-8 itself: one pass over the bytes
      return null;
    } catch (IllegalArgumentException malformed) {
      // rare: say where, or replace
    }
    int badAt = Utf8.firstMalformed(b, off, len);
    if (replaceMalformed) {
      row.setString(t, new String(b, off, len, StandardCharsets.UTF_8));
      return null;
    }
    long offset = inInput ? in.offsetOf(badAt) : in.offsetOf(inputIndex);
    return malformed(label, offset, b, badAt, off + len);
  }

  static String malformed(String label, long offset, byte[] b, int at, int end) {
    StringBuilder hex = new StringBuilder();
    int n = Utf8.malformedLength(b, at, end);
    for (int k = 0; k < n; k++) {
      hex.append(k == 0 ? "" : " ").append(String.format("0x%02X", b[at + k] & 0xFF));
    }
    return "field " + label + " is not valid UTF-8: malformed sequence at byte " + offset + " (" + hex + ")";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
