/**
 * Parquet for the record model: {@link io.sluice.parquet.ParquetFormat}, a {@link
 * io.sluice.record.RecordFormat} that reads and writes Parquet files through parquet-java.
 */
package io.sluice.parquet;
