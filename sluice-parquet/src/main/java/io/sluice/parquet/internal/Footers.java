package io.sluice.parquet.internal;

import io.sluice.record.InputFile;
import java.io.IOException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;

/** Opens parquet-java's file reader over a Sluice {@link InputFile}, with a plain (Hadoop-free) configuration. */
public final class Footers {
  private Footers() {}

  /** parquet-java's reader of {@code file}: it has read the footer, and reads column chunks on demand. */
  public static ParquetFileReader open(InputFile file) throws IOException {
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(Codecs.INSTANCE).build();
    try {
      return ParquetFileReader.open(new ParquetInput(file), options);
    } catch (RuntimeException e) {
      throw new IOException("'" + file.name() + "' is not a readable Parquet file: " + e.getMessage(), e);
    }
  }
}
