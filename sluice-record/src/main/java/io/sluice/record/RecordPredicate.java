package io.sluice.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A condition on a row's fields, given to a reader as a hint ({@link ReadOptions.Builder#filter}): a
 * reader <em>may</em> use it to skip data that cannot match, and <em>need not</em>. A Parquet reader
 * skips row groups and pages whose statistics rule it out; CSV and JSON Lines ignore it (they must
 * parse a record to know its values, so skipping saves nothing). Either way a reader may return rows
 * that do not match: callers that need only matching rows {@link #test} each one themselves.
 *
 * <p>A small closed tree of records, so a format can take it apart with a {@code switch}:
 *
 * <pre>{@code
 * RecordPredicate p = RecordPredicate.and(
 *     RecordPredicate.eq("tenant_id", "tenant-07"),
 *     RecordPredicate.ge("ordered_at", Instant.parse("2026-11-01T00:00:00Z")));
 * }</pre>
 *
 * Literals are of the class {@link Row#get} returns for the field's type ({@code String}, {@code
 * Integer}, {@code Instant}, ...). Comparisons with a null value are false, as in SQL.
 */
public sealed interface RecordPredicate {
  /** A comparison operator. */
  enum Op {
    EQ, NE, LT, LE, GT, GE
  }

  /** {@code field op value}. */
  record Compare(String field, Op op, Object value) implements RecordPredicate {
    public Compare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value (use isNull for nulls)");
    }
  }

  /** {@code field IS NULL}. */
  record IsNull(String field) implements RecordPredicate {
    public IsNull {
      Objects.requireNonNull(field, "field");
    }
  }

  /** {@code NOT p}. */
  record Not(RecordPredicate predicate) implements RecordPredicate {
    public Not {
      Objects.requireNonNull(predicate, "predicate");
    }
  }

  /** All of {@code predicates}. */
  record And(List<RecordPredicate> predicates) implements RecordPredicate {
    public And {
      predicates = List.copyOf(predicates);
    }
  }

  /** Any of {@code predicates}. */
  record Or(List<RecordPredicate> predicates) implements RecordPredicate {
    public Or {
      predicates = List.copyOf(predicates);
    }
  }

  /** {@code field = value}. */
  static RecordPredicate eq(String field, Object value) {
    return new Compare(field, Op.EQ, value);
  }

  /** {@code field <> value}. */
  static RecordPredicate ne(String field, Object value) {
    return new Compare(field, Op.NE, value);
  }

  /** {@code field < value}. */
  static RecordPredicate lt(String field, Object value) {
    return new Compare(field, Op.LT, value);
  }

  /** {@code field <= value}. */
  static RecordPredicate le(String field, Object value) {
    return new Compare(field, Op.LE, value);
  }

  /** {@code field > value}. */
  static RecordPredicate gt(String field, Object value) {
    return new Compare(field, Op.GT, value);
  }

  /** {@code field >= value}. */
  static RecordPredicate ge(String field, Object value) {
    return new Compare(field, Op.GE, value);
  }

  /** {@code field IS NULL}. */
  static RecordPredicate isNull(String field) {
    return new IsNull(field);
  }

  /** {@code NOT predicate}. */
  static RecordPredicate not(RecordPredicate predicate) {
    return new Not(predicate);
  }

  /** All of {@code predicates}. */
  static RecordPredicate and(RecordPredicate... predicates) {
    return new And(List.of(predicates));
  }

  /** Any of {@code predicates}. */
  static RecordPredicate or(RecordPredicate... predicates) {
    return new Or(List.of(predicates));
  }

  /**
   * Whether {@code row} matches, evaluated exactly.
   *
   * @throws IllegalArgumentException if a field is not in the row's schema, or a literal is not of the
   *     class of the field's values
   */
  default boolean test(Row row) {
    return switch (this) {
      case Compare c -> {
        Object v = row.get(c.field());
        if (v == null) {
          yield false;
        }
        int cmp = compare(c.field(), v, c.value());
        yield switch (c.op()) {
          case EQ -> cmp == 0;
          case NE -> cmp != 0;
          case LT -> cmp < 0;
          case LE -> cmp <= 0;
          case GT -> cmp > 0;
          case GE -> cmp >= 0;
        };
      }
      case IsNull n -> row.isNull(n.field());
      case Not n -> !n.predicate().test(row);
      case And a -> a.predicates().stream().allMatch(p -> p.test(row));
      case Or o -> o.predicates().stream().anyMatch(p -> p.test(row));
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(String field, Object value, Object literal) {
    if (value instanceof byte[] a && literal instanceof byte[] b) {
      return Arrays.compare(a, b);
    }
    if (value.getClass() != literal.getClass() || !(value instanceof Comparable)) {
      throw new IllegalArgumentException("Cannot compare field '" + field + "' (a " + value.getClass().getSimpleName()
          + ") with " + literal + " (a " + literal.getClass().getSimpleName() + ")");
    }
    return ((Comparable) value).compareTo(literal);
  }
}
