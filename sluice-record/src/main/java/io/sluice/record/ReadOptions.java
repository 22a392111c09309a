package io.sluice.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a reader reads: which columns ({@link Builder#project projection}), a {@link RecordPredicate}
 * hint, what happens to bad records, and what happens to text that is not valid UTF-8. Immutable;
 * built once and shared by every reader of a stage.
 *
 * <pre>{@code
 * ReadOptions options = ReadOptions.builder()
 *     .badRecords(BadRecordPolicy.skipAndReport(rejects::add))
 *     .project("tenant_id", "quantity", "unit_price")
 *     .build();
 * try (RecordReader in = csv.reader(file, split, schema, options)) {
 *   // in.row().schema() is (tenant_id, quantity, unit_price)
 * }
 * }</pre>
 */
public final class ReadOptions {
  /** What a reader does with a STRING field (or a JSON member name) that is not valid UTF-8. */
  public enum MalformedText {
    /** The record is bad: reported to the {@link BadRecordPolicy}, naming the field and the byte offset. The default. */
    BAD_RECORD,
    /** Each malformed sequence becomes U+FFFD, the replacement character, and the record is read. */
    REPLACE
  }

  private final List<String> projection;
  private final RecordPredicate filter;
  private final BadRecordPolicy badRecords;
  private final MalformedText malformedText;

  private ReadOptions(Builder b) {
    this.projection = b.projection == null ? null : List.copyOf(b.projection);
    this.filter = b.filter;
    this.badRecords = b.badRecords;
    this.malformedText = b.malformedText;
  }

  /** Every column, no filter, malformed text makes a record bad, bad records go to {@code policy}. */
  public static ReadOptions of(BadRecordPolicy policy) {
    return builder().badRecords(policy).build();
  }

  /** Starts with every column, no filter, {@link MalformedText#BAD_RECORD}, and no policy (which {@link Builder#build} requires). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.projection = projection;
    b.filter = filter;
    b.badRecords = badRecords;
    b.malformedText = malformedText;
    return b;
  }

  /** The names of the columns to read, in the order rows hold them; null for all of them. */
  public List<String> projection() {
    return projection;
  }

  /** The schema of the rows a reader with these options gives, for data of {@code schema}. */
  public Schema projectedSchema(Schema schema) {
    return projection == null ? schema : schema.select(projection);
  }

  /** The filter hint, or null. */
  public RecordPredicate filter() {
    return filter;
  }

  /** Where bad records go. */
  public BadRecordPolicy badRecords() {
    return badRecords;
  }

  /** What malformed UTF-8 does. */
  public MalformedText malformedText() {
    return malformedText;
  }

  @Override
  public String toString() {
    return "ReadOptions{projection=" + (projection == null ? "all" : projection) + ", filter=" + filter + ", malformedText="
        + malformedText + "}";
  }

  /** Collects options; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private List<String> projection;
    private RecordPredicate filter;
    private BadRecordPolicy badRecords;
    private MalformedText malformedText = MalformedText.BAD_RECORD;

    private Builder() {}

    /**
     * Reads only the fields named, in this order: rows have the schema {@link Schema#select} gives,
     * and text readers skip decoding (and checking) the others. Names are checked against the schema
     * when a reader opens.
     */
    public Builder project(String... fields) {
      return project(List.of(fields));
    }

    /** {@link #project(String...)}; null reads every field. */
    public Builder project(List<String> fields) {
      this.projection = fields == null ? null : new ArrayList<>(fields);
      return this;
    }

    /** A hint that rows not matching {@code filter} may be skipped (see {@link RecordPredicate}); null for none. */
    public Builder filter(RecordPredicate filter) {
      this.filter = filter;
      return this;
    }

    /** Where bad records go: required, there is no default. */
    public Builder badRecords(BadRecordPolicy policy) {
      this.badRecords = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** What a STRING field that is not valid UTF-8 does; {@link MalformedText#BAD_RECORD} by default. */
    public Builder malformedText(MalformedText malformedText) {
      this.malformedText = Objects.requireNonNull(malformedText, "malformedText");
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalStateException if no bad-record policy was given
     * @throws IllegalArgumentException if the projection is empty or names a field twice
     */
    public ReadOptions build() {
      if (badRecords == null) {
        throw new IllegalStateException("ReadOptions need a bad-record policy: badRecords(BadRecordPolicy.fail()) or"
            + " badRecords(BadRecordPolicy.skipAndReport(...))");
      }
      if (projection != null) {
        if (projection.isEmpty()) {
          throw new IllegalArgumentException("A projection needs at least one field (give null to read all of them)");
        }
        if (projection.stream().distinct().count() != projection.size()) {
          throw new IllegalArgumentException("A projection names a field twice: " + projection);
        }
      }
      return new ReadOptions(this);
    }
  }
}
