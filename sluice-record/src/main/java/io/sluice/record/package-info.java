/**
 * The record model that every reader and writer of Sluice shares: a {@link io.sluice.record.Schema} of
 * typed {@link io.sluice.record.Field}s (mapped one to one onto Parquet types, see {@link
 * io.sluice.record.FieldType}), {@link io.sluice.record.Row}s (reused {@link io.sluice.record.MutableRow}s
 * on the hot path, immutable copies to keep), {@link io.sluice.record.RecordReader}s over a {@link
 * io.sluice.record.RecordSource} (a whole object or a byte range of one: a record belongs to the range its
 * first byte is in), {@link io.sluice.record.RecordWriter}s, and a {@link
 * io.sluice.record.BadRecordPolicy} that decides what happens to a record that cannot be read: fail
 * naming object, offset and reason, or skip it and report it. Never silently dropped.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .required("order_id", FieldType.STRING)
 *     .required("quantity", FieldType.INT32)
 *     .required("unit_price", FieldType.decimal(9, 2))
 *     .build();
 * CsvFormat csv = CsvFormat.builder().header(true).newlinesInQuotes(false).build();
 * RecordSource range = RecordSource.range(key, offset, offset + length, at -> ctx.openRange(key, at, size - at));
 * try (RecordReader in = csv.reader(range, schema, BadRecordPolicy.skipAndReport(rejects::add));
 *     RecordWriter out = JsonLinesFormat.DEFAULT.writer(ctx.output("part.jsonl"), schema)) {
 *   while (in.next()) {
 *     out.write(in.row());
 *   }
 * }
 * }</pre>
 *
 * Formats: {@link io.sluice.record.CsvFormat} (RFC 4180) and {@link io.sluice.record.JsonLinesFormat}
 * (nested objects flattened to {@code a.b} fields). The machinery is in {@code io.sluice.record.internal}.
 */
package io.sluice.record;
