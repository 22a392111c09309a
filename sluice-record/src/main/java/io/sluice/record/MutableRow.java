package io.sluice.record;

import io.sluice.record.FieldType.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import io.sluice.record.internal.Utf8;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A row to fill and reuse: readers fill one per record, and a job fills one per output record before
 * {@link RecordWriter#write}. Primitive values (and decimals of up to 18 digits) are stored without
 * boxing. {@link #clear()} makes every field null again. Not thread-safe; {@link #copy()} gives an
 * immutable snapshot.
 *
 * <pre>{@code
 * MutableRow out = new MutableRow(schema);
 * for (...) {
 *   out.clear();
 *   out.setString(orderId, "o-1");
 *   out.setInt(quantity, 3);
 *   out.setDecimalUnscaled(price, 1999);   // 19.99 in a decimal(9, 2) field
 *   writer.write(out);
 * }
 * }</pre>
 *
 * <p>Setters check the field's type (as the getters do) and decimals' precision and scale; none checks
 * nullability, which writers do. Nested values ({@link #setStruct}, {@link #setList}, {@link #setMap})
 * are checked against their type and copied, so rows hold only immutable nested values.
 */
public final class MutableRow extends SlotRow {
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** An empty row (every field null) of {@code schema}. */
  public MutableRow(Schema schema) {
    super(schema, kindsOf(schema), scalesOf(schema), new long[schema.size()], new Object[schema.size()], allNull(schema.size()));
  }

  /** Makes every field null, ready for the next record. */
  public void clear() {
    Arrays.fill(nulls, true);
    Arrays.fill(objects, null);
  }

  /** Makes field {@code i} null. */
  public void setNull(int i) {
    nulls[i] = true;
    objects[i] = null;
  }

  /** Sets a {@link FieldType#STRING} field; null makes it null. */
  public void setString(int i, String value) {
    expect(i, Kind.STRING, "setString");
    objects[i] = value;
    nulls[i] = value == null;
  }

  /**
   * Sets a {@link FieldType#STRING} field to the UTF-8 text {@code bytes[off, off + len)} without
   * decoding it: {@link #getString} decodes it when asked, and writers copy the bytes as they are. The
   * row keeps a reference to {@code bytes} (no copy; {@link #copy()} copies), so the caller must not
   * change them while the row is in use. This is how readers fill rows from their input buffer.
   *
   * @throws IllegalArgumentException naming the field if the bytes are not valid UTF-8
   */
  public void setStringUtf8(int i, byte[] bytes, int off, int len) {
    expect(i, Kind.STRING, "setStringUtf8");
    java.util.Objects.checkFromIndexSize(off, len, bytes.length);
    int bad = Utf8.firstMalformed(bytes, off, len);
    if (bad >= 0) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': the bytes are not valid UTF-8 (at index "
          + (bad - off) + ")");
    }
    objects[i] = bytes;
    longs[i] = slice(off, len);
    nulls[i] = false;
  }

  /**
   * Sets a {@link FieldType#BINARY} field to {@code bytes}, which the row keeps without copying
   * ({@link #copy()} copies); null makes it null.
   */
  public void setBinary(int i, byte[] bytes) {
    if (bytes == null) {
      expect(i, Kind.BINARY, "setBinary");
      setNull(i);
      return;
    }
    setBinary(i, bytes, 0, bytes.length);
  }

  /** Sets a {@link FieldType#BINARY} field to {@code bytes[off, off + len)}, kept without copying. */
  public void setBinary(int i, byte[] bytes, int off, int len) {
    expect(i, Kind.BINARY, "setBinary");
    java.util.Objects.checkFromIndexSize(off, len, bytes.length);
    objects[i] = bytes;
    longs[i] = slice(off, len);
    nulls[i] = false;
  }

  /**
   * Sets an {@link FieldType#INT32}, {@link FieldType#INT16} or {@link FieldType#INT8} field, or a
   * {@link FieldType#DATE} field to days since 1970-01-01.
   *
   * @throws IllegalArgumentException if the value is out of an INT16's or INT8's range
   */
  public void setInt(int i, int value) {
    Kind k = kinds[i];
    if (k != Kind.INT32 && k != Kind.DATE) {
      if (k == Kind.INT16 && value != (short) value || k == Kind.INT8 && value != (byte) value) {
        throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': " + value + " is out of the " + k + " range");
      }
      if (k != Kind.INT16 && k != Kind.INT8) {
        throw mismatch(i, "setInt", "INT32, INT16, INT8 or DATE");
      }
    }
    longs[i] = value;
    nulls[i] = false;
  }

  /**
   * Sets an {@link FieldType#INT64} field, a {@link FieldType#TIMESTAMP} or {@link
   * FieldType#LOCAL_TIMESTAMP} field to microseconds since 1970-01-01T00:00, or a {@link FieldType#TIME}
   * field to microseconds since midnight.
   *
   * @throws IllegalArgumentException if a TIME is not within a day
   */
  public void setLong(int i, long value) {
    Kind k = kinds[i];
    if (k != Kind.INT64 && k != Kind.TIMESTAMP && k != Kind.LOCAL_TIMESTAMP) {
      if (k != Kind.TIME) {
        throw mismatch(i, "setLong", "INT64 or TIMESTAMP (or LOCAL_TIMESTAMP, TIME)");
      }
      if (value < 0 || value >= MICROS_PER_DAY) {
        throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': " + value
            + " is not a TIME (microseconds of a day, 0 to " + (MICROS_PER_DAY - 1) + ")");
      }
    }
    longs[i] = value;
    nulls[i] = false;
  }

  /** Sets a {@link FieldType#FLOAT32} field. */
  public void setFloat(int i, float value) {
    expect(i, Kind.FLOAT32, "setFloat");
    longs[i] = Float.floatToRawIntBits(value);
    nulls[i] = false;
  }

  /** Sets a {@link FieldType#TIME} field (truncated to microseconds); null makes it null. */
  public void setTime(int i, LocalTime value) {
    expect(i, Kind.TIME, "setTime");
    if (value == null) {
      setNull(i);
      return;
    }
    longs[i] = value.toNanoOfDay() / 1_000L;
    nulls[i] = false;
  }

  /** Sets a {@link FieldType#LOCAL_TIMESTAMP} field (truncated to microseconds); null makes it null. */
  public void setLocalTimestamp(int i, LocalDateTime value) {
    expect(i, Kind.LOCAL_TIMESTAMP, "setLocalTimestamp");
    if (value == null) {
      setNull(i);
      return;
    }
    try {
      longs[i] = Math.addExact(Math.multiplyExact(value.toEpochSecond(ZoneOffset.UTC), 1_000_000L), value.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': " + value
          + " does not fit in microseconds since 1970-01-01T00:00", e);
    }
    nulls[i] = false;
  }

  /**
   * Sets a {@link FieldType#struct STRUCT} field to (an immutable copy of) {@code value}, whose schema
   * must be the struct's fields; null makes it null.
   */
  public void setStruct(int i, Row value) {
    expect(i, Kind.STRUCT, "setStruct");
    setNested(i, value);
  }

  /** Sets a {@link FieldType#list LIST} field to an immutable copy of {@code value}, each element checked; null makes it null. */
  public void setList(int i, List<?> value) {
    expect(i, Kind.LIST, "setList");
    setNested(i, value);
  }

  /** Sets a {@link FieldType#map MAP} field to an immutable copy of {@code value}, keys and values checked; null makes it null. */
  public void setMap(int i, Map<?, ?> value) {
    expect(i, Kind.MAP, "setMap");
    setNested(i, value);
  }

  private void setNested(int i, Object value) {
    if (value == null) {
      setNull(i);
      return;
    }
    objects[i] = Values.canonical(schema.field(i).type(), value, "Field '" + schema.field(i).name() + "'");
    nulls[i] = false;
  }

  /** Sets a {@link FieldType#FLOAT64} field. */
  public void setDouble(int i, double value) {
    expect(i, Kind.FLOAT64, "setDouble");
    longs[i] = Double.doubleToRawLongBits(value);
    nulls[i] = false;
  }

  /** Sets a {@link FieldType#BOOLEAN} field. */
  public void setBoolean(int i, boolean value) {
    expect(i, Kind.BOOLEAN, "setBoolean");
    longs[i] = value ? 1 : 0;
    nulls[i] = false;
  }

  /** Sets a {@link FieldType#DATE} field; null makes it null. */
  public void setDate(int i, LocalDate value) {
    expect(i, Kind.DATE, "setDate");
    if (value == null) {
      setNull(i);
      return;
    }
    long days = value.toEpochDay();
    if (days != (int) days) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': date " + value + " is out of range");
    }
    longs[i] = days;
    nulls[i] = false;
  }

  /** Sets a {@link FieldType#TIMESTAMP} field (truncated to microseconds); null makes it null. */
  public void setTimestamp(int i, Instant value) {
    expect(i, Kind.TIMESTAMP, "setTimestamp");
    if (value == null) {
      setNull(i);
      return;
    }
    try {
      longs[i] = Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': timestamp " + value
          + " does not fit in microseconds since the epoch", e);
    }
    nulls[i] = false;
  }

  /**
   * Sets a decimal field to {@code value}, which must fit the field's precision and have no more
   * digits after the point than its scale (trailing zeros aside): values are never rounded.
   * Null makes the field null.
   *
   * @throws IllegalArgumentException naming the field if the value does not fit
   */
  public void setDecimal(int i, BigDecimal value) {
    expect(i, Kind.DECIMAL, "setDecimal");
    if (value == null) {
      setNull(i);
      return;
    }
    FieldType type = schema.field(i).type();
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': " + value.toPlainString() + " has more than "
          + type.scale() + " digits after the point, which " + type + " holds; round it first");
    }
    BigInteger unscaled = scaled.unscaledValue();
    if (unscaled.abs().toString().length() > type.precision()) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': " + value.toPlainString()
          + " has more than " + type.precision() + " digits, which " + type + " holds");
    }
    if (type.isLongDecimal()) {
      longs[i] = unscaled.longValueExact();
      objects[i] = null;
    } else {
      objects[i] = scaled;
    }
    nulls[i] = false;
  }

  /**
   * Sets a decimal field of precision at most 18 to {@code unscaled} &times; 10<sup>-scale</sup>,
   * without a {@code BigDecimal}: {@code setDecimalUnscaled(i, 1999)} in a {@code decimal(9, 2)} field is 19.99.
   *
   * @throws IllegalArgumentException if the field's precision is above 18 or the value has more digits than it
   */
  public void setDecimalUnscaled(int i, long unscaled) {
    expect(i, Kind.DECIMAL, "setDecimalUnscaled");
    FieldType type = schema.field(i).type();
    if (!type.isLongDecimal()) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "' is " + type
          + "; setDecimalUnscaled needs a precision of at most 18: use setDecimal");
    }
    if (type.precision() < 19 && (unscaled >= POW10[type.precision()] || unscaled <= -POW10[type.precision()])) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "': unscaled value " + unscaled
          + " has more than " + type.precision() + " digits, which " + type + " holds");
    }
    longs[i] = unscaled;
    objects[i] = null;
    nulls[i] = false;
  }

  /**
   * Sets field {@code i} from an object of the class {@link #get} returns for its type ({@code Integer}
   * for INT32, {@code LocalDate} for DATE, {@code byte[]} for BINARY (copied), ...); null makes it null.
   * Boxes: prefer the typed setters in loops.
   */
  public void set(int i, Object value) {
    if (value == null) {
      setNull(i);
      return;
    }
    try {
      switch (kinds[i]) {
        case STRING -> setString(i, (String) value);
        case BINARY -> setBinary(i, ((byte[]) value).clone());
        case INT8 -> setInt(i, (Byte) value);
        case INT16 -> setInt(i, (Short) value);
        case INT32 -> setInt(i, (Integer) value);
        case INT64 -> setLong(i, (Long) value);
        case FLOAT32 -> setFloat(i, (Float) value);
        case FLOAT64 -> setDouble(i, (Double) value);
        case BOOLEAN -> setBoolean(i, (Boolean) value);
        case DATE -> setDate(i, (LocalDate) value);
        case TIME -> setTime(i, (LocalTime) value);
        case TIMESTAMP -> setTimestamp(i, (Instant) value);
        case LOCAL_TIMESTAMP -> setLocalTimestamp(i, (LocalDateTime) value);
        case DECIMAL -> setDecimal(i, (BigDecimal) value);
        case STRUCT -> setStruct(i, (Row) value);
        case LIST -> setList(i, (List<?>) value);
        case MAP -> setMap(i, (Map<?, ?>) value);
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "' is " + schema.field(i).type()
          + "; cannot set it to a " + value.getClass().getSimpleName() + " (" + value + ")");
    }
  }

  /**
   * Sets field {@code i} to the value of field {@code j} of {@code from}, a field of the same type
   * (a join's output row taking a column of each input, a projection). Between rows of this model no
   * value is decoded, boxed or validated again: text keeps referring to the bytes {@code from} refers
   * to (so they must not change while this row is in use, as with {@link #setStringUtf8}).
   *
   * @throws IllegalArgumentException if the two fields' types differ
   */
  public void setFrom(int i, Row from, int j) {
    if (from instanceof SlotRow s && s.kinds[j] == kinds[i] && (kinds[i] != Kind.DECIMAL || s.scales[j] == scales[i]
        && schema.field(i).type().isLongDecimal() == s.schema.field(j).type().isLongDecimal())) {
      if (kinds[i] == Kind.STRUCT || kinds[i] == Kind.LIST || kinds[i] == Kind.MAP || kinds[i] == Kind.BINARY) {
        set(i, s.nulls[j] ? null : s.get(j)); // values the row owns: copied as set() copies them
        return;
      }
      objects[i] = s.objects[j];
      longs[i] = s.longs[j];
      nulls[i] = s.nulls[j];
      return;
    }
    FieldType want = schema.field(i).type();
    FieldType have = from.schema().field(j).type();
    if (!want.equals(have)) {
      throw new IllegalArgumentException("Field '" + schema.field(i).name() + "' is " + want + "; cannot set it from field '"
          + from.schema().field(j).name() + "', which is " + have);
    }
    set(i, from.isNull(j) ? null : from.get(j));
  }

  /** Copies every value of {@code other}, which must have an equal schema. */
  public void setAll(Row other) {
    if (other instanceof SlotRow slots && slots.schema.equals(schema)) {
      System.arraycopy(slots.longs, 0, longs, 0, longs.length);
      System.arraycopy(slots.objects, 0, objects, 0, objects.length);
      System.arraycopy(slots.nulls, 0, nulls, 0, nulls.length);
      return;
    }
    if (!other.schema().equals(schema)) {
      throw new IllegalArgumentException("Cannot copy a row of schema " + other.schema() + " into one of " + schema);
    }
    for (int i = 0; i < nulls.length; i++) {
      set(i, other.get(i));
    }
  }

  @Override
  public Row copy() {
    return new FrozenRow(this);
  }
}
