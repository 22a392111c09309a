package io.sluice.record.internal;

import io.sluice.record.BadRecord;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.MutableRow;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordSource;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What every text reader shares: the range, the reused row, the current record's bytes, bad-record reporting. */
abstract class BaseReader implements RecordReader {
  /** A record longer than this is bad; the reader keeps no more of it, so memory stays bounded. */
  static final int MAX_RECORD_BYTES = 64 << 20;

  final RecordSource source;
  final Schema schema;
  final MutableRow row;
  final ByteInput in;
  final long end;
  private final BadRecordPolicy policy;
  private long bad;
  long recordOffset = -1;

  /** The current record's bytes, its line break included. */
  byte[] rec = new byte[256];
  int recLen;
  /** Whether the current record was longer than {@link #MAX_RECORD_BYTES} (and is cut in {@link #rec}). */
  boolean overlong;

  BaseReader(RecordSource source, Schema schema, BadRecordPolicy policy) throws IOException {
    this.source = source;
    this.schema = schema;
    this.policy = policy;
    this.row = new MutableRow(schema);
    this.end = source.end();
    this.in = ByteInput.open(source);
  }

  @Override
  public final Schema schema() {
    return schema;
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

  final void append(byte[] b, int off, int len) {
    if (recLen + len > rec.length) {
      if (recLen + len > MAX_RECORD_BYTES) {
        overlong = true;
        len = MAX_RECORD_BYTES - recLen;
        if (len <= 0) {
          return;
        }
      }
      byte[] bigger = new byte[(int) Math.min(MAX_RECORD_BYTES, Math.max((long) rec.length * 2, recLen + len))];
      System.arraycopy(rec, 0, bigger, 0, recLen);
      rec = bigger;
    }
    System.arraycopy(b, off, rec, recLen, len);
    recLen += len;
  }

  final void append(byte b) {
    if (recLen == rec.length) {
      if (recLen >= MAX_RECORD_BYTES) {
        overlong = true;
        return;
      }
      byte[] bigger = new byte[(int) Math.min(MAX_RECORD_BYTES, (long) rec.length * 2)];
      System.arraycopy(rec, 0, bigger, 0, recLen);
      rec = bigger;
    }
    rec[recLen++] = b;
  }

  /** Hands the current record to the policy (which may throw) and counts it. */
  final void reportBad(long offset, String reason) {
    int len = recLen;
    if (len > 0 && rec[len - 1] == '\n') {
      len--;
      if (len > 0 && rec[len - 1] == '\r') {
        len--;
      }
    }
    String raw = new String(rec, 0, Math.min(len, BadRecord.MAX_RAW_CHARS * 4), StandardCharsets.UTF_8);
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

  @Override
  public void close() throws IOException {
    in.close();
  }
}
