package io.sluice.pipeline.internal;

import io.sluice.pipeline.Agg;
import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.shuffle.KeyEncoder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A hash aggregation: rows grouped by their key fields, each group's aggregates accumulated. Runs in
 * two halves around a shuffle: {@link #partial} on the map side (a combiner: input rows in, one
 * partial row per group out: counts, sums, and for {@code avg} a sum and a count, for {@code
 * countDistinct} the distinct values), and {@link #merge} on the reduce side (partial rows in, final
 * rows out). Partial rows of one group may be emitted several times (a map task that flushes when its
 * table grows too big); merging is associative, so the result is the same. Not thread-safe.
 */
public final class Aggregation {
  /** Where emitted rows go. */
  @FunctionalInterface
  public interface Output {
    void accept(Row row) throws Exception;
  }

  private final boolean fromPartials;
  private final int[] keyIdx;
  private final KeyEncoder encoder;
  private final GroupTable table = new GroupTable();
  private final Acc[] accs;
  private final int[] accAt; // where each aggregate's partial columns start in a partial row
  private final Schema partialSchema;
  private final Schema finalSchema;
  private final Schema rowSchema;
  private Object[][] keyValues = new Object[16][];
  private MutableRow partialOut;
  private MutableRow finalOut;

  private Aggregation(Schema input, List<String> keys, List<Agg> aggs, boolean fromPartials) {
    this.fromPartials = fromPartials;
    this.accs = new Acc[aggs.size()];
    List<Field> partial = new ArrayList<>();
    List<Field> fin = new ArrayList<>();
    Set<String> names = new HashSet<>();
    keyIdx = new int[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      keyIdx[i] = index(input, keys.get(i), "group by");
      Field f = input.field(keyIdx[i]);
      partial.add(Field.optional(f.name(), f.type()));
      fin.add(Field.optional(f.name(), f.type()));
      names.add(f.name());
    }
    accAt = new int[aggs.size()];
    for (int a = 0; a < aggs.size(); a++) {
      Agg agg = aggs.get(a);
      if (!names.add(agg.name())) {
        throw new IllegalArgumentException("Aggregate '" + agg + "': the output already has a column '" + agg.name()
            + "'; name it with .as(...)");
      }
      int col = agg.column() == null ? -1 : index(input, agg.column(), agg.toString());
      FieldType t = col < 0 ? null : input.field(col).type();
      accs[a] = Acc.of(agg, col, t);
      accAt[a] = partial.size();
      partial.addAll(accs[a].partialFields(agg.name()));
      fin.add(Field.optional(agg.name(), accs[a].finalType()));
    }
    this.partialSchema = Schema.of(partial);
    this.finalSchema = Schema.of(fin);
    if (fromPartials) {
      // rows in are partial rows: keys first, then each aggregate's partial columns
      int[] k = new int[keyIdx.length];
      for (int i = 0; i < k.length; i++) {
        k[i] = i;
      }
      this.encoder = new KeyEncoder(partialSchema, k);
      this.rowSchema = partialSchema;
    } else {
      this.encoder = new KeyEncoder(input, keyIdx);
      this.rowSchema = input;
    }
  }

  private static int index(Schema s, String name, String what) {
    if (!s.contains(name)) {
      throw new IllegalArgumentException(what + ": no column '" + name + "' in " + s.toSql());
    }
    return s.indexOf(name);
  }

  /** The map side: input rows of {@code input} in, partial rows out. */
  public static Aggregation partial(Schema input, List<String> keys, List<Agg> aggs) {
    return new Aggregation(input, keys, aggs, false);
  }

  /** The reduce side: partial rows (of {@code partial(input, keys, aggs).partialSchema()}) in, final rows out. */
  public static Aggregation merge(Schema input, List<String> keys, List<Agg> aggs) {
    return new Aggregation(input, keys, aggs, true);
  }

  /** The key fields' positions in the partial rows: the first ones. */
  public int[] partialKeys() {
    int[] k = new int[keyIdx.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = i;
    }
    return k;
  }

  public Schema partialSchema() {
    return partialSchema;
  }

  public Schema finalSchema() {
    return finalSchema;
  }

  /** The schema of the rows {@link #add} takes. */
  public Schema rowSchema() {
    return rowSchema;
  }

  /** Accumulates {@code row}: an input row on the map side, a partial row on the reduce side. */
  public void add(Row row) {
    int len = encoder.encode(row);
    int before = table.size();
    int g = table.find(encoder.bytes(), len, encoder.hash());
    if (g == before) {
      if (g == keyValues.length) {
        keyValues = Arrays.copyOf(keyValues, g * 2);
      }
      Object[] k = new Object[keyIdx.length];
      for (int i = 0; i < k.length; i++) {
        int f = fromPartials ? i : keyIdx[i];
        k[i] = row.isNull(f) ? null : row.get(f);
      }
      keyValues[g] = k;
      for (Acc a : accs) {
        a.grow(g + 1);
      }
    }
    if (fromPartials) {
      for (int a = 0; a < accs.length; a++) {
        accs[a].merge(g, row, accAt[a]);
      }
    } else {
      for (Acc a : accs) {
        a.add(g, row);
      }
    }
  }

  /** The number of groups held. */
  public int groups() {
    return table.size();
  }

  /** About how many bytes the groups take. */
  public long bytes() {
    long b = table.bytes() + 48L * table.size() * (1 + keyIdx.length);
    for (Acc a : accs) {
      b += a.bytes(table.size());
    }
    return b;
  }

  /** Emits one partial row per group, then forgets the groups. */
  public void emitPartials(Output out) throws Exception {
    if (partialOut == null) {
      partialOut = new MutableRow(partialSchema);
    }
    for (int g = 0; g < table.size(); g++) {
      partialOut.clear();
      setKeys(partialOut, g);
      for (int a = 0; a < accs.length; a++) {
        accs[a].writePartial(g, partialOut, accAt[a]);
      }
      out.accept(partialOut);
    }
    clear();
  }

  /**
   * Emits one final row per group, then forgets the groups. An aggregation without keys has one group
   * even when no row came (as SQL's {@code SELECT count(*) FROM t WHERE false} has one row: 0, and nulls).
   */
  public void emitFinal(Output out) throws Exception {
    if (finalOut == null) {
      finalOut = new MutableRow(finalSchema);
    }
    if (keyIdx.length == 0 && table.size() == 0) {
      finalOut.clear();
      for (int a = 0; a < accs.length; a++) {
        accs[a].grow(1);
        accs[a].writeFinal(0, finalOut, a);
      }
      out.accept(finalOut);
      clear();
      return;
    }
    for (int g = 0; g < table.size(); g++) {
      finalOut.clear();
      setKeys(finalOut, g);
      for (int a = 0; a < accs.length; a++) {
        accs[a].writeFinal(g, finalOut, keyIdx.length + a);
      }
      out.accept(finalOut);
    }
    clear();
  }

  private void setKeys(MutableRow out, int g) {
    Object[] k = keyValues[g];
    for (int i = 0; i < k.length; i++) {
      out.set(i, k[i]);
    }
  }

  private void clear() {
    table.clear();
    keyValues = new Object[16][];
    for (Acc a : accs) {
      a.reset();
    }
  }

  /** One aggregate's state for every group. */
  abstract static class Acc {
    final int col;

    Acc(int col) {
      this.col = col;
    }

    static Acc of(Agg agg, int col, FieldType t) {
      return switch (agg.function()) {
        case COUNT -> new Count(col);
        case SUM -> sum(agg, col, t, false);
        case AVG -> sum(agg, col, t, true);
        case MIN, MAX -> {
          if (t.kind() == Kind.STRUCT || t.kind() == Kind.LIST || t.kind() == Kind.MAP || t.kind() == Kind.BINARY) {
            throw new IllegalArgumentException(agg + ": column '" + agg.column() + "' is " + t + ", which has no order");
          }
          yield new MinMax(col, t, agg.function() == Agg.Function.MAX);
        }
        case COUNT_DISTINCT -> {
          if (t.kind() == Kind.STRUCT || t.kind() == Kind.LIST || t.kind() == Kind.MAP) {
            throw new IllegalArgumentException(agg + ": column '" + agg.column() + "' is " + t);
          }
          yield new Distinct(col, t);
        }
      };
    }

    private static Acc sum(Agg agg, int col, FieldType t, boolean avg) {
      return switch (t.kind()) {
        case INT8, INT16, INT32, INT64 -> new Sum(col, Sum.LONG, 0, avg);
        case FLOAT32 -> new Sum(col, Sum.FLOAT, 0, avg);
        case FLOAT64 -> new Sum(col, Sum.DOUBLE, 0, avg);
        case DECIMAL -> new Sum(col, t.isLongDecimal() ? Sum.LONG_DECIMAL : Sum.BIG_DECIMAL, t.scale(), avg);
        default -> throw new IllegalArgumentException(agg + ": column '" + agg.column() + "' is " + t + ", not a number");
      };
    }

    abstract void grow(int groups);

    abstract void reset();

    abstract void add(int g, Row row);

    abstract void merge(int g, Row partial, int at);

    abstract List<Field> partialFields(String name);

    abstract FieldType finalType();

    abstract void writePartial(int g, MutableRow out, int at);

    abstract void writeFinal(int g, MutableRow out, int at);

    abstract long bytes(int groups);
  }

  static final class Count extends Acc {
    private long[] n = new long[16];

    Count(int col) {
      super(col);
    }

    @Override
    void grow(int groups) {
      if (groups > n.length) {
        n = Arrays.copyOf(n, Math.max(groups, n.length * 2));
      }
    }

    @Override
    void reset() {
      n = new long[16];
    }

    @Override
    void add(int g, Row row) {
      if (col < 0 || !row.isNull(col)) {
        n[g]++;
      }
    }

    @Override
    void merge(int g, Row partial, int at) {
      n[g] += partial.getLong(at);
    }

    @Override
    List<Field> partialFields(String name) {
      return List.of(Field.optional(name, FieldType.INT64));
    }

    @Override
    FieldType finalType() {
      return FieldType.INT64;
    }

    @Override
    void writePartial(int g, MutableRow out, int at) {
      out.setLong(at, n[g]);
    }

    @Override
    void writeFinal(int g, MutableRow out, int at) {
      out.setLong(at, n[g]);
    }

    @Override
    long bytes(int groups) {
      return 8L * groups;
    }
  }

  /** sum and avg: a long, a double, or a decimal's unscaled value (a long until it overflows, then a BigInteger). */
  static final class Sum extends Acc {
    static final int LONG = 0;
    static final int DOUBLE = 1;
    static final int LONG_DECIMAL = 2;
    static final int BIG_DECIMAL = 3;
    /** A double sum of a float column. */
    static final int FLOAT = 4;
    private final int kind;
    private final int scale;
    private final boolean avg;
    private long[] longs = new long[16];
    private double[] doubles;
    private BigInteger[] big;
    private long[] counts = new long[16];

    Sum(int col, int kind, int scale, boolean avg) {
      super(col);
      this.kind = kind;
      this.scale = scale;
      this.avg = avg;
      if (kind == DOUBLE || kind == FLOAT) {
        doubles = new double[16];
      }
      if (kind == LONG_DECIMAL || kind == BIG_DECIMAL) {
        big = new BigInteger[16];
      }
    }

    @Override
    void grow(int groups) {
      if (groups > counts.length) {
        int n = Math.max(groups, counts.length * 2);
        counts = Arrays.copyOf(counts, n);
        longs = Arrays.copyOf(longs, n);
        if (doubles != null) {
          doubles = Arrays.copyOf(doubles, n);
        }
        if (big != null) {
          big = Arrays.copyOf(big, n);
        }
      }
    }

    @Override
    void reset() {
      counts = new long[16];
      longs = new long[16];
      doubles = doubles == null ? null : new double[16];
      big = big == null ? null : new BigInteger[16];
    }

    @Override
    void add(int g, Row row) {
      if (row.isNull(col)) {
        return;
      }
      counts[g]++;
      switch (kind) {
        case LONG -> {
          try {
            longs[g] = Math.addExact(longs[g], row.getLong(col));
          } catch (ArithmeticException e) {
            throw new ArithmeticException("The sum of column '" + row.schema().field(col).name()
                + "' overflows a bigint; cast it to a decimal or a double in a map step");
          }
        }
        case DOUBLE -> doubles[g] += row.getDouble(col);
        case FLOAT -> doubles[g] += row.getFloat(col);
        case LONG_DECIMAL -> addUnscaled(g, row.getDecimalUnscaled(col));
        default -> addBig(g, row.getDecimal(col).setScale(scale).unscaledValue());
      }
    }

    private void addUnscaled(int g, long v) {
      long s = longs[g] + v;
      if (((longs[g] ^ s) & (v ^ s)) < 0) { // overflow: carry into the BigInteger part
        addBig(g, BigInteger.valueOf(longs[g]).add(BigInteger.valueOf(v)));
        longs[g] = 0;
      } else {
        longs[g] = s;
      }
    }

    private void addBig(int g, BigInteger v) {
      big[g] = big[g] == null ? v : big[g].add(v);
    }

    private BigInteger unscaled(int g) {
      BigInteger b = BigInteger.valueOf(longs[g]);
      return big[g] == null ? b : big[g].add(b);
    }

    @Override
    void merge(int g, Row partial, int at) {
      if (!partial.isNull(at)) {
        switch (kind) {
          case LONG -> longs[g] = Math.addExact(longs[g], partial.getLong(at));
          case DOUBLE, FLOAT -> doubles[g] += partial.getDouble(at);
          default -> addBig(g, partial.getDecimal(at).setScale(scale).unscaledValue());
        }
      }
      counts[g] += partial.getLong(at + 1);
    }

    private FieldType sumType() {
      return switch (kind) {
        case LONG -> FieldType.INT64;
        case DOUBLE, FLOAT -> FieldType.FLOAT64;
        default -> FieldType.decimal(FieldType.MAX_DECIMAL_PRECISION, scale);
      };
    }

    @Override
    List<Field> partialFields(String name) {
      return List.of(Field.optional(name + "$sum", sumType()), Field.optional(name + "$count", FieldType.INT64));
    }

    @Override
    FieldType finalType() {
      return avg ? FieldType.FLOAT64 : sumType();
    }

    private void writeSum(int g, MutableRow out, int at) {
      if (counts[g] == 0) {
        out.setNull(at);
        return;
      }
      switch (kind) {
        case LONG -> out.setLong(at, longs[g]);
        case DOUBLE, FLOAT -> out.setDouble(at, doubles[g]);
        default -> out.setDecimal(at, new BigDecimal(unscaled(g), scale));
      }
    }

    @Override
    void writePartial(int g, MutableRow out, int at) {
      writeSum(g, out, at);
      out.setLong(at + 1, counts[g]);
    }

    @Override
    void writeFinal(int g, MutableRow out, int at) {
      if (!avg) {
        writeSum(g, out, at);
        return;
      }
      if (counts[g] == 0) {
        out.setNull(at);
        return;
      }
      double v = switch (kind) {
        case LONG -> (double) longs[g] / counts[g];
        case DOUBLE, FLOAT -> doubles[g] / counts[g];
        default -> new BigDecimal(unscaled(g), scale).divide(BigDecimal.valueOf(counts[g]), MathContext.DECIMAL128).doubleValue();
      };
      out.setDouble(at, v);
    }

    @Override
    long bytes(int groups) {
      return 24L * groups;
    }
  }

  /** min and max: longs for integers, dates and times; doubles; otherwise the values themselves. */
  static final class MinMax extends Acc {
    private final FieldType type;
    private final boolean max;
    private final boolean asLong;
    private final boolean asDouble;
    private final Comparator<Object> order;
    private long[] longs = new long[16];
    private double[] doubles = new double[16];
    private Object[] objects = new Object[16];
    private boolean[] seen = new boolean[16];

    @SuppressWarnings("unchecked")
    MinMax(int col, FieldType type, boolean max) {
      super(col);
      this.type = type;
      this.max = max;
      Kind k = type.kind();
      this.asLong = k == Kind.INT8 || k == Kind.INT16 || k == Kind.INT32 || k == Kind.INT64 || k == Kind.DATE
          || k == Kind.TIMESTAMP || k == Kind.LOCAL_TIMESTAMP || k == Kind.TIME || (k == Kind.DECIMAL && type.isLongDecimal());
      this.asDouble = k == Kind.FLOAT32 || k == Kind.FLOAT64;
      this.order = (a, b) -> ((Comparable<Object>) a).compareTo(b);
    }

    @Override
    void grow(int groups) {
      if (groups > seen.length) {
        int n = Math.max(groups, seen.length * 2);
        seen = Arrays.copyOf(seen, n);
        longs = Arrays.copyOf(longs, n);
        doubles = Arrays.copyOf(doubles, n);
        objects = Arrays.copyOf(objects, n);
      }
    }

    @Override
    void reset() {
      seen = new boolean[16];
      longs = new long[16];
      doubles = new double[16];
      objects = new Object[16];
    }

    private long longOf(Row row, int i) {
      return switch (type.kind()) {
        case INT8, INT16, INT32, DATE -> row.getInt(i);
        case DECIMAL -> row.getDecimalUnscaled(i);
        default -> row.getLong(i);
      };
    }

    @Override
    void add(int g, Row row) {
      accept(g, row, col);
    }

    private void accept(int g, Row row, int i) {
      if (row.isNull(i)) {
        return;
      }
      if (asLong) {
        long v = longOf(row, i);
        if (!seen[g] || (max ? v > longs[g] : v < longs[g])) {
          longs[g] = v;
        }
      } else if (asDouble) {
        double v = type.kind() == Kind.FLOAT32 ? row.getFloat(i) : row.getDouble(i);
        if (!seen[g] || (max ? Double.compare(v, doubles[g]) > 0 : Double.compare(v, doubles[g]) < 0)) {
          doubles[g] = v;
        }
      } else {
        Object v = row.get(i);
        if (!seen[g] || (max ? order.compare(v, objects[g]) > 0 : order.compare(v, objects[g]) < 0)) {
          objects[g] = v;
        }
      }
      seen[g] = true;
    }

    @Override
    void merge(int g, Row partial, int at) {
      accept(g, partial, at);
    }

    @Override
    List<Field> partialFields(String name) {
      return List.of(Field.optional(name, type));
    }

    @Override
    FieldType finalType() {
      return type;
    }

    @Override
    void writePartial(int g, MutableRow out, int at) {
      writeFinal(g, out, at);
    }

    @Override
    void writeFinal(int g, MutableRow out, int at) {
      if (!seen[g]) {
        out.setNull(at);
      } else if (asLong) {
        switch (type.kind()) {
          case INT8, INT16, INT32, DATE -> out.setInt(at, (int) longs[g]);
          case DECIMAL -> out.setDecimalUnscaled(at, longs[g]);
          default -> out.setLong(at, longs[g]);
        }
      } else if (asDouble) {
        if (type.kind() == Kind.FLOAT32) {
          out.setFloat(at, (float) doubles[g]);
        } else {
          out.setDouble(at, doubles[g]);
        }
      } else {
        out.set(at, objects[g]);
      }
    }

    @Override
    long bytes(int groups) {
      return 40L * groups;
    }
  }

  /** count(distinct): each group's set of values; the partial column is the list of them. */
  static final class Distinct extends Acc {
    private final FieldType type;
    private List<Set<Object>> sets = new ArrayList<>();
    private long values;

    Distinct(int col, FieldType type) {
      super(col);
      this.type = type;
    }

    @Override
    void grow(int groups) {
      while (sets.size() < groups) {
        sets.add(new HashSet<>());
      }
    }

    @Override
    void reset() {
      sets = new ArrayList<>();
      values = 0;
    }

    private static Object comparable(Object v) {
      return v instanceof byte[] b ? java.nio.ByteBuffer.wrap(b.clone()) : v instanceof BigDecimal d ? d.stripTrailingZeros() : v;
    }

    @Override
    void add(int g, Row row) {
      if (!row.isNull(col) && sets.get(g).add(comparable(row.get(col)))) {
        values++;
      }
    }

    @Override
    void merge(int g, Row partial, int at) {
      for (Object v : partial.getList(at)) {
        if (sets.get(g).add(comparable(v))) {
          values++;
        }
      }
    }

    @Override
    List<Field> partialFields(String name) {
      return List.of(Field.optional(name + "$values", FieldType.list(type)));
    }

    @Override
    FieldType finalType() {
      return FieldType.INT64;
    }

    @Override
    void writePartial(int g, MutableRow out, int at) {
      List<Object> list = new ArrayList<>(sets.get(g).size());
      for (Object v : sets.get(g)) {
        list.add(v instanceof java.nio.ByteBuffer b ? b.array() : v instanceof BigDecimal d ? d.setScale(type.scale()) : v);
      }
      out.setList(at, list);
    }

    @Override
    void writeFinal(int g, MutableRow out, int at) {
      out.setLong(at, sets.get(g).size());
    }

    @Override
    long bytes(int groups) {
      return 64L * groups + 48L * values;
    }
  }
}
