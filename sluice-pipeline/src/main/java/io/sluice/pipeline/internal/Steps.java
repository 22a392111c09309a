package io.sluice.pipeline.internal;

import io.sluice.pipeline.RowFilter;
import io.sluice.pipeline.RowMapper;
import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The per-record steps of a pipeline, in order: filters and mappers. {@link #bind} makes the
 * per-task chain, whose output rows are reused.
 */
public final class Steps {
  /** One step: a filter (mapper and schema null) or a mapper with its output schema. */
  public record Step(RowFilter filter, RowMapper mapper, Schema output) {}

  private final List<Step> steps;

  public Steps(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  public static Steps none() {
    return new Steps(List.of());
  }

  public Steps filter(RowFilter filter) {
    List<Step> s = new ArrayList<>(steps);
    s.add(new Step(Objects.requireNonNull(filter, "filter"), null, null));
    return new Steps(s);
  }

  public Steps map(Schema output, RowMapper mapper) {
    List<Step> s = new ArrayList<>(steps);
    s.add(new Step(null, Objects.requireNonNull(mapper, "mapper"), Objects.requireNonNull(output, "output schema")));
    return new Steps(s);
  }

  /** These steps followed by {@code more}. */
  public Steps then(Steps more) {
    List<Step> s = new ArrayList<>(steps);
    s.addAll(more.steps);
    return new Steps(s);
  }

  /** Whether any step maps (a transformation, not a plain conversion). */
  public boolean maps() {
    return steps.stream().anyMatch(s -> s.mapper() != null);
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The schema of the rows that come out, for input rows of {@code input}. */
  public Schema output(Schema input) {
    Schema s = input;
    for (Step step : steps) {
      if (step.output() != null) {
        s = step.output();
      }
    }
    return s;
  }

  /** A chain for one task; not thread-safe. */
  public Chain bind() {
    List<MutableRow> outs = new ArrayList<>();
    for (Step step : steps) {
      outs.add(step.output() == null ? null : new MutableRow(step.output()));
    }
    return new Chain(steps, outs);
  }

  /** The steps bound to reusable output rows. */
  public static final class Chain {
    private final List<Step> steps;
    private final List<MutableRow> outs;

    Chain(List<Step> steps, List<MutableRow> outs) {
      this.steps = steps;
      this.outs = outs;
    }

    /**
     * The row that comes out of the steps for {@code in}, or null if a filter dropped it. The returned
     * row is reused by the next call.
     *
     * @throws Exception what a step threw (the caller quarantines the record)
     */
    public Row apply(Row in) throws Exception {
      Row row = in;
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        if (step.filter() != null) {
          if (!step.filter().keep(row)) {
            return null;
          }
        } else {
          MutableRow out = outs.get(i);
          out.clear();
          step.mapper().map(row, out);
          row = out;
        }
      }
      return row;
    }
  }
}
