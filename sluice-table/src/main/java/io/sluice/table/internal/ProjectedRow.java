package io.sluice.table.internal;

import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * A view of some columns of a row, without copying: how a partitioned writer hands a data file's
 * writer a row without its identity partition columns. Re-pointed at each row with {@link #of}.
 */
public final class ProjectedRow implements Row {
  private final Schema schema;
  private final int[] columns;
  private Row row;

  /** A view with {@code schema}, whose field {@code i} is field {@code columns[i]} of the viewed row. */
  public ProjectedRow(Schema schema, int[] columns) {
    this.schema = schema;
    this.columns = columns.clone();
  }

  /** Views {@code row}; returns this. */
  public ProjectedRow of(Row row) {
    this.row = row;
    return this;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean isNull(int i) {
    return row.isNull(columns[i]);
  }

  @Override
  public String getString(int i) {
    return row.getString(columns[i]);
  }

  @Override
  public int getInt(int i) {
    return row.getInt(columns[i]);
  }

  @Override
  public long getLong(int i) {
    return row.getLong(columns[i]);
  }

  @Override
  public double getDouble(int i) {
    return row.getDouble(columns[i]);
  }

  @Override
  public float getFloat(int i) {
    return row.getFloat(columns[i]);
  }

  @Override
  public boolean getBoolean(int i) {
    return row.getBoolean(columns[i]);
  }

  @Override
  public BigDecimal getDecimal(int i) {
    return row.getDecimal(columns[i]);
  }

  @Override
  public long getDecimalUnscaled(int i) {
    return row.getDecimalUnscaled(columns[i]);
  }

  @Override
  public LocalDate getDate(int i) {
    return row.getDate(columns[i]);
  }

  @Override
  public Instant getTimestamp(int i) {
    return row.getTimestamp(columns[i]);
  }

  @Override
  public LocalTime getTime(int i) {
    return row.getTime(columns[i]);
  }

  @Override
  public LocalDateTime getLocalTimestamp(int i) {
    return row.getLocalTimestamp(columns[i]);
  }

  @Override
  public byte[] getBinary(int i) {
    return row.getBinary(columns[i]);
  }

  @Override
  public Row getStruct(int i) {
    return row.getStruct(columns[i]);
  }

  @Override
  public List<?> getList(int i) {
    return row.getList(columns[i]);
  }

  @Override
  public Map<?, ?> getMap(int i) {
    return row.getMap(columns[i]);
  }

  @Override
  public Object get(int i) {
    return row.get(columns[i]);
  }

  @Override
  public int byteLength(int i) {
    return row.byteLength(columns[i]);
  }

  @Override
  public int copyBytes(int i, byte[] dst, int at) {
    return row.copyBytes(columns[i], dst, at);
  }

  @Override
  public Row copy() {
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = get(i);
    }
    return Row.of(schema, values);
  }

  @Override
  public String toString() {
    return copy().toString();
  }
}
