package io.sluice.parquet.internal;

import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * A {@link RecordWriter} of a Parquet file to an {@link OutputStream}, on parquet-java's {@link
 * ParquetFileWriter} and column stores, with the row-group loop of its {@code ParquetWriter} kept
 * here so that a caller can end a row group early ({@link #flushBuffered()}) and see how much a
 * writer holds ({@link #bufferedBytes()}): what lets a writer of many partitions share one memory
 * budget among its open files.
 *
 * <p>A row group ends when its buffered, encoded size reaches the row group size (checked as
 * parquet-java checks it: every 100 rows at first, then about halfway to the estimated end, at most
 * every 10,000 rows), when it reaches {@code rowGroupRows} rows if set, or at {@link #flushBuffered}.
 */
public final class ParquetRowWriter implements RecordWriter {
  private static final int MIN_ROWS_BETWEEN_CHECKS = 100;
  private static final int MAX_ROWS_BETWEEN_CHECKS = 10_000;
  /** The buffered size is refreshed for {@link #bytesWritten} at most this many rows apart. */
  private static final int SIZE_REFRESH_ROWS = 64;

  private final Schema schema;
  private final RowWriteSupport support;
  private final MessageType message;
  private final ParquetOutput output;
  private final ParquetFileWriter file;
  private final ParquetProperties props;
  private final BytesInputCompressor compressor;
  private final Map<String, String> extraMetadata;
  private final long rowGroupBytes;
  private final long rowGroupRows;
  private ColumnChunkPageWriteStore pageStore;
  private ColumnWriteStore columnStore;
  private RecordConsumer consumer;
  private long records;
  private long groupRecords;
  private long nextCheck;
  private long buffered;
  private long nextRefresh;
  private boolean closed;
  private boolean failed;

  /** Settings of a writer, as the format's builder collected them. */
  public record Settings(CompressionCodecName codec, long rowGroupBytes, int pageBytes, boolean dictionary, int rowGroupRows) {}

  public ParquetRowWriter(OutputStream out, Schema schema, Settings settings) throws IOException {
    this.schema = schema;
    this.support = new RowWriteSupport(schema, Map.of());
    WriteSupport.WriteContext context = support.init(new PlainParquetConfiguration());
    this.message = context.getSchema();
    this.extraMetadata = context.getExtraMetaData();
    this.output = new ParquetOutput(out, "stream");
    this.rowGroupBytes = settings.rowGroupBytes();
    this.rowGroupRows = settings.rowGroupRows() > 0 ? settings.rowGroupRows() : Long.MAX_VALUE;
    this.props = ParquetProperties.builder()
        .withPageSize(settings.pageBytes())
        .withDictionaryPageSize(settings.pageBytes())
        .withDictionaryEncoding(settings.dictionary())
        .withMinRowCountForPageSizeCheck(settings.rowGroupRows() > 0 ? Math.min(100, settings.rowGroupRows()) : 100)
        .build();
    this.compressor = Codecs.INSTANCE.getCompressor(settings.codec());
    this.file = new ParquetFileWriter(output, message, ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes, 0, null, props);
    file.start();
    startGroup();
  }

  private void startGroup() {
    pageStore = new ColumnChunkPageWriteStore(compressor, message, props.getAllocator(), props.getColumnIndexTruncateLength(),
        props.getPageWriteChecksumEnabled());
    columnStore = props.newColumnWriteStore(message, pageStore, pageStore);
    consumer = new ColumnIOFactory(false).getColumnIO(message).getRecordWriter(columnStore);
    support.prepareForWrite(consumer);
    groupRecords = 0;
    nextCheck = Math.min(MIN_ROWS_BETWEEN_CHECKS, rowGroupRows);
    buffered = 0;
    nextRefresh = SIZE_REFRESH_ROWS;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public void write(Row row) throws IOException {
    if (closed) {
      throw new IllegalStateException("The Parquet writer is closed");
    }
    if (failed) {
      throw new IOException("The Parquet writer failed on an earlier row and cannot take more");
    }
    support.check(row);
    try {
      support.write(row);
    } catch (RuntimeException | Error e) {
      failed = true;
      throw e;
    }
    records++;
    groupRecords++;
    if (groupRecords >= rowGroupRows) {
      flushBuffered();
    } else if (groupRecords >= nextCheck) {
      checkGroupSize();
    } else if (groupRecords >= nextRefresh) {
      buffered = columnStore.getBufferedSize();
      nextRefresh = groupRecords + SIZE_REFRESH_ROWS;
    }
  }

  /** parquet-java's check: end the group within about two rows of the limit, else look again halfway. */
  private void checkGroupSize() throws IOException {
    long size = columnStore.getBufferedSize();
    buffered = size;
    nextRefresh = groupRecords + SIZE_REFRESH_ROWS;
    long perRow = Math.max(1, size / groupRecords);
    if (size > rowGroupBytes - 2 * perRow) {
      flushBuffered();
      return;
    }
    long expectedEnd = rowGroupBytes / perRow;
    nextCheck = Math.min(Math.max(MIN_ROWS_BETWEEN_CHECKS, (groupRecords + expectedEnd) / 2), groupRecords + MAX_ROWS_BETWEEN_CHECKS);
    nextCheck = Math.min(nextCheck, rowGroupRows);
  }

  @Override
  public long records() {
    return records;
  }

  /**
   * Bytes written to the stream so far plus the size of the row group being buffered, as last
   * measured (at most 64 rows ago).
   */
  @Override
  public long bytesWritten() {
    return closed ? output.position() : output.position() + buffered;
  }

  /** The encoded size of the row group being buffered, as last measured (at most 64 rows ago). */
  @Override
  public long bufferedBytes() {
    return closed ? 0 : buffered;
  }

  /** Ends the row group being buffered now (a smaller one than the row group size), if it has rows. */
  @Override
  public void flushBuffered() throws IOException {
    if (closed || failed) {
      return;
    }
    if (groupRecords == 0) {
      return;
    }
    endGroup();
    startGroup();
  }

  private void endGroup() throws IOException {
    try {
      consumer.flush();
      if (groupRecords > 0) {
        file.startBlock(groupRecords);
        columnStore.flush();
        pageStore.flushToFileWriter(file);
        file.endBlock();
      }
    } catch (IOException | RuntimeException | Error e) {
      failed = true;
      throw e;
    } finally {
      columnStore.close();
      pageStore.close();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (failed) {
      columnStore.close();
      pageStore.close();
      output.closeStream();
      return;
    }
    endGroup();
    Map<String, String> meta = new HashMap<>(extraMetadata);
    meta.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, support.getName());
    meta.putAll(support.finalizeWrite().getExtraMetaData());
    file.end(meta);
    file.close();
  }
}
