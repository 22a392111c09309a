package io.sluice.parquet.internal;

import io.sluice.record.Row;
import io.sluice.record.RecordWriter;
import io.sluice.record.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** A {@link RecordWriter} over parquet-java's {@link ParquetWriter}, writing to an {@link OutputStream}. */
public final class ParquetRowWriter implements RecordWriter {
  private final Schema schema;
  private final RowWriteSupport support;
  private final ParquetOutput output;
  private final ParquetWriter<Row> writer;
  private long records;
  private boolean closed;

  /** Settings of a writer, as the format's builder collected them. */
  public record Settings(CompressionCodecName codec, long rowGroupBytes, int pageBytes, boolean dictionary, int rowGroupRows) {}

  public ParquetRowWriter(OutputStream out, Schema schema, Settings settings) throws IOException {
    this.schema = schema;
    this.support = new RowWriteSupport(schema, Map.of());
    this.output = new ParquetOutput(out, "stream");
    Builder b = new Builder(output, support)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCodecFactory(Codecs.INSTANCE)
        .withCompressionCodec(settings.codec())
        .withRowGroupSize(settings.rowGroupBytes())
        .withPageSize(settings.pageBytes())
        .withDictionaryEncoding(settings.dictionary());
    if (settings.rowGroupRows() > 0) {
      b = b.withRowGroupRowCountLimit(settings.rowGroupRows());
      b = b.withMinRowCountForPageSizeCheck(Math.min(100, settings.rowGroupRows()));
    }
    this.writer = b.build();
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
    support.check(row);
    writer.write(row);
    records++;
  }

  @Override
  public long records() {
    return records;
  }

  /** Bytes written to the stream so far plus the estimated size of the row group being buffered. */
  @Override
  public long bytesWritten() {
    return closed ? output.position() : Math.max(output.position(), writer.getDataSize());
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      writer.close();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final WriteSupport<Row> support;

    Builder(ParquetOutput file, WriteSupport<Row> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
