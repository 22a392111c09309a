/**
 * The record model that every reader and writer of Sluice shares: a {@link io.sluice.record.Schema} of
 * typed {@link io.sluice.record.Field}s (mapped one to one onto Parquet types, see {@link
 * io.sluice.record.FieldType}), {@link io.sluice.record.Row}s (reused {@link io.sluice.record.MutableRow}s
 * on the hot path, immutable copies to keep), {@link io.sluice.record.RecordFormat}s that plan the
 * {@link io.sluice.record.Split}s of an {@link io.sluice.record.InputFile} and read them with {@link
 * io.sluice.record.ReadOptions} (projection, a {@link io.sluice.record.RecordPredicate} hint, the
 * {@link io.sluice.record.BadRecordPolicy}, what malformed UTF-8 does), {@link
 * io.sluice.record.RecordReader}s that stop at a {@link io.sluice.record.Position} to continue from,
 * and {@link io.sluice.record.RecordWriter}s. A record that cannot be read is never dropped silently:
 * the policy fails naming object, offset and reason, or skips it and reports it.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .required("order_id", FieldType.STRING)
 *     .required("quantity", FieldType.INT32)
 *     .required("unit_price", FieldType.decimal(9, 2))
 *     .build();
 * CsvFormat csv = CsvFormat.builder().header(true).newlinesInQuotes(false).build();
 * ReadOptions options = ReadOptions.of(BadRecordPolicy.skipAndReport(rejects::add));
 * try (RecordReader in = csv.reader(file, split, schema, options);
 *     RecordWriter out = JsonLinesFormat.DEFAULT.writer(ctx.output("part.jsonl"), schema)) {
 *   while (in.next()) {
 *     out.write(in.row());
 *   }
 * }
 * }</pre>
 *
 * Formats: {@link io.sluice.record.CsvFormat} (RFC 4180) and {@link io.sluice.record.JsonLinesFormat}
 * (nested objects flattened to {@code a.b} fields, or read as STRUCT, LIST and MAP); Parquet is in
 * {@code sluice-parquet}. The first model's stream-based {@link io.sluice.record.RecordSource} still
 * works for text formats. The machinery is in {@code io.sluice.record.internal}; {@code
 * docs/records.md} describes the whole.
 */
package io.sluice.record;
