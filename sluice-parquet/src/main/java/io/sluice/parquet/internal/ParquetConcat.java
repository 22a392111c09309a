package io.sluice.parquet.internal;

import io.sluice.record.InputFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet files of one schema joined into one by copying their row groups' bytes (parquet-java's
 * {@code appendTo}): no page is decoded or encoded, so it costs about a copy of the bytes. The
 * footer's key-value metadata is the first file's.
 */
public final class ParquetConcat {
  private ParquetConcat() {}

  /** Writes {@code inputs}' row groups, in order, as one file to {@code out} (closed); returns its rows. */
  public static long concatenate(List<? extends InputFile> inputs, OutputStream out) throws IOException {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Nothing to concatenate: no input files");
    }
    MessageType schema;
    Map<String, String> metadata;
    try (ParquetFileReader first = Footers.open(inputs.get(0))) {
      schema = first.getFooter().getFileMetaData().getSchema();
      metadata = new HashMap<>(first.getFooter().getFileMetaData().getKeyValueMetaData());
    }
    ParquetOutput output = new ParquetOutput(out, "concatenation");
    long rows = 0;
    boolean done = false;
    try {
      ParquetFileWriter writer = new ParquetFileWriter(output, schema, ParquetFileWriter.Mode.OVERWRITE, 128L << 20, 0, null,
          ParquetProperties.builder().build());
      writer.start();
      for (InputFile in : inputs) {
        try (ParquetFileReader reader = Footers.open(in)) {
          MessageType s = reader.getFooter().getFileMetaData().getSchema();
          if (!s.equals(schema)) {
            throw new IllegalArgumentException("Cannot concatenate '" + in.name() + "': its schema " + s
                + " is not the first file's (" + inputs.get(0).name() + ") " + schema);
          }
          rows += reader.getRecordCount();
          reader.appendTo(writer);
        }
      }
      writer.end(metadata);
      done = true;
    } finally {
      if (!done) {
        output.closeStream();
      }
    }
    return rows;
  }
}
