package io.sluice.parquet.internal;

import io.sluice.record.FieldType;
import io.sluice.record.RecordPredicate;
import io.sluice.record.RecordPredicate.And;
import io.sluice.record.RecordPredicate.Compare;
import io.sluice.record.RecordPredicate.IsNull;
import io.sluice.record.RecordPredicate.Not;
import io.sluice.record.RecordPredicate.Op;
import io.sluice.record.RecordPredicate.Or;
import io.sluice.record.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveComparator;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Decides from a row group's column statistics (min, max, null count) whether a {@link
 * RecordPredicate} can match any of its rows, with the predicate's own semantics ({@link
 * RecordPredicate#test}: a comparison with null is false, {@code NOT} of it true). Only top-level
 * columns with statistics are used; whatever cannot be decided (floating point, where NaN breaks
 * min/max; INT96; literals of another class; nested fields) keeps the row group.
 */
public final class StatsFilter {
  private final Schema schema;

  /** A filter over fields of {@code schema}. */
  public StatsFilter(Schema schema) {
    this.schema = schema;
  }

  /** Checks that every field the predicate names is in the schema. @throws IllegalArgumentException naming it */
  public void check(RecordPredicate p) {
    switch (p) {
      case Compare c -> schema.indexOf(c.field());
      case IsNull n -> schema.indexOf(n.field());
      case Not n -> check(n.predicate());
      case And a -> a.predicates().forEach(this::check);
      case Or o -> o.predicates().forEach(this::check);
    }
  }

  /** False only if no row of {@code block} can match {@code p}. */
  public boolean mightMatch(RecordPredicate p, BlockMetaData block) {
    return might(push(p, false), block);
  }

  /** Negations pushed to the leaves, as the predicate's semantics say. */
  private sealed interface Node {}

  private record Cmp(String field, Op op, Object value) implements Node {}

  private record Null(String field, boolean isNull) implements Node {}

  private record All(List<Node> nodes) implements Node {}

  private record Any(List<Node> nodes) implements Node {}

  private static Node push(RecordPredicate p, boolean negate) {
    return switch (p) {
      case Compare c -> negate
          // NOT (x op v) holds for a null x too.
          ? new Any(List.of(new Cmp(c.field(), negate(c.op()), c.value()), new Null(c.field(), true)))
          : new Cmp(c.field(), c.op(), c.value());
      case IsNull n -> new Null(n.field(), !negate);
      case Not n -> push(n.predicate(), !negate);
      case And a -> {
        List<Node> nodes = new ArrayList<>();
        a.predicates().forEach(q -> nodes.add(push(q, negate)));
        yield negate ? new Any(nodes) : new All(nodes);
      }
      case Or o -> {
        List<Node> nodes = new ArrayList<>();
        o.predicates().forEach(q -> nodes.add(push(q, negate)));
        yield negate ? new All(nodes) : new Any(nodes);
      }
    };
  }

  private static Op negate(Op op) {
    return switch (op) {
      case EQ -> Op.NE;
      case NE -> Op.EQ;
      case LT -> Op.GE;
      case LE -> Op.GT;
      case GT -> Op.LE;
      case GE -> Op.LT;
    };
  }

  private boolean might(Node n, BlockMetaData block) {
    return switch (n) {
      case All a -> a.nodes().stream().allMatch(x -> might(x, block));
      case Any a -> a.nodes().stream().anyMatch(x -> might(x, block));
      case Null x -> {
        ColumnChunkMetaData c = column(block, x.field());
        if (c == null) {
          yield true;
        }
        Statistics<?> st = c.getStatistics();
        if (st == null || !st.isNumNullsSet()) {
          yield true;
        }
        yield x.isNull() ? st.getNumNulls() > 0 : st.getNumNulls() < c.getValueCount();
      }
      case Cmp x -> mightCompare(x, block);
    };
  }

  private ColumnChunkMetaData column(BlockMetaData block, String field) {
    if (schema.field(field).type().isNested()) {
      return null;
    }
    for (ColumnChunkMetaData c : block.getColumns()) {
      String[] path = c.getPath().toArray();
      if (path.length == 1 && path[0].equals(field)) {
        return c;
      }
    }
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean mightCompare(Cmp x, BlockMetaData block) {
    ColumnChunkMetaData c = column(block, x.field());
    if (c == null) {
      return true;
    }
    Statistics st = c.getStatistics();
    if (st == null || st.isEmpty()) {
      return true;
    }
    if (st.isNumNullsSet() && st.getNumNulls() == c.getValueCount()) {
      return false; // only nulls, and a comparison with null is false
    }
    if (!st.hasNonNullValue()) {
      return true;
    }
    Comparable literal = literal(schema.field(x.field()).type(), c.getPrimitiveType(), x.value());
    if (literal == null) {
      return true;
    }
    PrimitiveComparator cmp = st.comparator();
    int minVsLit = cmp.compare(st.genericGetMin(), literal);
    int maxVsLit = cmp.compare(st.genericGetMax(), literal);
    return switch (x.op()) {
      case EQ -> minVsLit <= 0 && maxVsLit >= 0;
      case NE -> !(minVsLit == 0 && maxVsLit == 0);
      case LT -> minVsLit < 0;
      case LE -> minVsLit <= 0;
      case GT -> maxVsLit > 0;
      case GE -> maxVsLit >= 0;
    };
  }

  /** The literal as the column's statistics hold values, or null when that cannot be said exactly. */
  private static Comparable<?> literal(FieldType type, PrimitiveType column, Object v) {
    LogicalTypeAnnotation a = column.getLogicalTypeAnnotation();
    try {
      switch (column.getPrimitiveTypeName()) {
        case BOOLEAN -> {
          return v instanceof Boolean b ? b : null;
        }
        case INT32 -> {
          if (a instanceof DecimalLogicalTypeAnnotation d) {
            BigDecimal u = unscaled(v, d);
            return u == null ? null : u.intValueExact();
          }
          if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) {
            return null;
          }
          return switch (v) {
            case Integer i -> i;
            case Short s -> (int) s;
            case Byte b -> (int) b;
            case LocalDate d -> a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? Math.toIntExact(d.toEpochDay()) : null;
            default -> null;
          };
        }
        case INT64 -> {
          if (a instanceof DecimalLogicalTypeAnnotation d) {
            BigDecimal u = unscaled(v, d);
            return u == null ? null : u.longValueExact();
          }
          if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) {
            return null;
          }
          if (a instanceof TimestampLogicalTypeAnnotation t) {
            long nanos;
            if (v instanceof Instant i && type.kind() == FieldType.Kind.TIMESTAMP) {
              nanos = Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
            } else if (v instanceof LocalDateTime l && type.kind() == FieldType.Kind.LOCAL_TIMESTAMP) {
              nanos = Math.addExact(Math.multiplyExact(l.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L), l.getNano());
            } else {
              return null;
            }
            return exactUnit(nanos, t.getUnit());
          }
          if (a instanceof TimeLogicalTypeAnnotation t) {
            return v instanceof LocalTime l ? exactUnit(l.toNanoOfDay(), t.getUnit()) : null;
          }
          return v instanceof Long l && a == null ? l : null;
        }
        case BINARY, FIXED_LEN_BYTE_ARRAY -> {
          if (a instanceof DecimalLogicalTypeAnnotation d) {
            BigDecimal u = unscaled(v, d);
            if (u == null) {
              return null;
            }
            return column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
                ? RowWriteSupport.fixed(u.toBigIntegerExact(), column.getTypeLength())
                : Binary.fromConstantByteArray(u.toBigIntegerExact().toByteArray());
          }
          if (v instanceof String s && type.kind() == FieldType.Kind.STRING) {
            return Binary.fromString(s);
          }
          if (v instanceof byte[] b && type.kind() == FieldType.Kind.BINARY && column.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY) {
            return Binary.fromConstantByteArray(b);
          }
          return null;
        }
        default -> {
          return null; // FLOAT, DOUBLE (NaN is outside min/max), INT96 (no meaningful order)
        }
      }
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Long exactUnit(long nanos, TimeUnit unit) {
    long per = switch (unit) {
      case MILLIS -> 1_000_000L;
      case MICROS -> 1_000L;
      case NANOS -> 1L;
    };
    return nanos % per == 0 ? nanos / per : null;
  }

  private static BigDecimal unscaled(Object v, DecimalLogicalTypeAnnotation d) {
    if (!(v instanceof BigDecimal b)) {
      return null;
    }
    try {
      return new BigDecimal(b.setScale(d.getScale(), RoundingMode.UNNECESSARY).unscaledValue());
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
