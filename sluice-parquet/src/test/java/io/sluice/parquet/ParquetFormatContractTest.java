package io.sluice.parquet;

import io.sluice.record.FieldType;
import io.sluice.record.RecordFormat;
import io.sluice.record.RecordFormatContract;

/**
 * {@link ParquetFormat} passes the record format contract, every type supported. One adaptation: the
 * contract's split test writes 200 small rows and expects several splits of a splittable format,
 * which for Parquet means several row groups; 200 rows never fill a 128 MB row group, so the format
 * under test caps row groups at 7 rows (and the round-trip properties, with up to 30 rows, then see
 * one row group or several).
 */
class ParquetFormatContractTest extends RecordFormatContract {
  private static final ParquetFormat FORMAT = ParquetFormat.builder().rowGroupRows(7).build();

  @Override
  protected RecordFormat format() {
    return FORMAT;
  }

  @Override
  protected boolean supports(FieldType type) {
    return true;
  }
}
