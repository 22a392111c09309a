package io.sluice.record.internal;

import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;

/** What every text writer shares: the schema check and the record count. */
abstract class BaseWriter implements RecordWriter {
  final Schema schema;
  final boolean[] nullable;
  long records;

  BaseWriter(Schema schema) {
    this.schema = schema;
    this.nullable = new boolean[schema.size()];
    for (int i = 0; i < nullable.length; i++) {
      nullable[i] = schema.field(i).nullable();
    }
  }

  @Override
  public final Schema schema() {
    return schema;
  }

  @Override
  public final long records() {
    return records;
  }

  final void checkSchema(Row row) {
    if (row.schema() != schema && !row.schema().equals(schema)) {
      throw new IllegalArgumentException("Row of schema " + row.schema() + " given to a writer of schema " + schema);
    }
  }

  final IllegalArgumentException requiredNull(int i) {
    return new IllegalArgumentException("Field '" + schema.field(i).name() + "' is required but null in row " + (records + 1)
        + " of this writer");
  }
}
