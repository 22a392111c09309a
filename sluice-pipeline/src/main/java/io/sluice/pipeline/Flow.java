package io.sluice.pipeline;

import io.sluice.pipeline.internal.Aggregation;
import io.sluice.pipeline.internal.Steps;
import io.sluice.record.Field;
import io.sluice.record.Schema;
import io.sluice.shuffle.KeyEncoder;
import io.sluice.shuffle.SortKeyEncoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The logical plan of a pipeline with shuffles (group-by, join), and its compilation into {@link
 * ShuffleStage}s: every shuffle is a stage boundary. A join compiles into three stages: the right
 * (build) side, hash-partitioned by its key; the left (probe) side, which joins against the whole
 * build side itself when that turned out small ({@code broadcast}) or else is hash-partitioned by its
 * key too; and the partition-wise join, which has no tasks after a broadcast. What follows a join runs
 * in whichever of the last two did the joining.
 */
final class Flow {
  /** A node of the logical plan. */
  sealed interface Node permits Scan, Apply, Aggregate, Join, Sort {}

  record Scan(Source source) implements Node {}

  record Apply(Node child, Steps steps) implements Node {}

  record Aggregate(Node child, List<String> keys, List<Agg> aggs) implements Node {}

  record Join(Node left, Node right, List<String> leftKeys, List<String> rightKeys, boolean leftOuter) implements Node {}

  record Sort(Node child, List<SortKeyEncoder.Column> columns) implements Node {}

  /** The schema of {@code n}'s rows. */
  static Schema schema(Node n) {
    return switch (n) {
      case Scan s -> {
        if (s.source().schema() == null) {
          throw new IllegalArgumentException("A pipeline that groups or joins needs its source's schema (" + s.source().location()
              + "): give it with Source.schema(...)");
        }
        yield s.source().readSchema(s.source().schema());
      }
      case Apply a -> a.steps().output(schema(a.child()));
      case Aggregate a -> Aggregation.partial(schema(a.child()), a.keys(), a.aggs()).finalSchema();
      case Join j -> joined(schema(j.left()), schema(j.right()), j);
      case Sort o -> {
        Schema in = schema(o.child());
        new SortKeyEncoder(in, o.columns()); // unknown or unordered columns fail here
        yield in;
      }
    };
  }

  static Schema joined(Schema left, Schema right, Join j) {
    if (j.leftKeys().size() != j.rightKeys().size() || j.leftKeys().isEmpty()) {
      throw new IllegalArgumentException("A join needs as many keys on the left as on the right, at least one; got "
          + j.leftKeys() + " and " + j.rightKeys());
    }
    for (int i = 0; i < j.leftKeys().size(); i++) {
      String lk = j.leftKeys().get(i);
      String rk = j.rightKeys().get(i);
      if (!left.contains(lk)) {
        throw new IllegalArgumentException("Join key '" + lk + "' is not a column of the left side (" + left.toSql() + ")");
      }
      if (!right.contains(rk)) {
        throw new IllegalArgumentException("Join key '" + rk + "' is not a column of the right side (" + right.toSql() + ")");
      }
      if (!KeyEncoder.compatible(left.field(lk).type(), right.field(rk).type())) {
        throw new IllegalArgumentException("Join keys '" + lk + "' (" + left.field(lk).type() + ") and '" + rk + "' ("
            + right.field(rk).type() + ") cannot be equal: cast one side in a map step");
      }
    }
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Field f : left.fields()) {
      fields.add(f);
      names.add(f.name());
    }
    for (Field f : right.fields()) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("Both sides of the join have a column '" + f.name()
            + "': rename or drop one with a map step before joining");
      }
      fields.add(j.leftOuter() ? Field.optional(f.name(), f.type()) : f);
    }
    return Schema.of(fields);
  }

  // ---- the physical side: fragments of stages ----

  /** A shuffle between stages: what its rows are, and which stages write it. */
  static final class Exchange {
    final String id;
    final Schema schema;
    final List<String> producers = new ArrayList<>();

    Exchange(String id, Schema schema) {
      this.id = id;
      this.schema = schema;
    }

    /** The name of a map task's output holding this exchange's rows. */
    String output() {
      return "shuffle-" + id;
    }
  }

  /** A join: its two exchanges, its keys, and what runs after it (set when that is compiled). */
  static final class JoinSpec {
    final Exchange right;
    final Exchange left;
    final List<String> leftKeys;
    final List<String> rightKeys;
    final boolean leftOuter;
    final Schema out;
    final long broadcastBytes;
    String probeStage;
    String joinStage;
    List<Steps> downstreamSteps;
    Out downstream;

    JoinSpec(Exchange right, Exchange left, Join j, Schema out, long broadcastBytes) {
      this.right = right;
      this.left = left;
      this.leftKeys = j.leftKeys();
      this.rightKeys = j.rightKeys();
      this.leftOuter = j.leftOuter();
      this.out = out;
      this.broadcastBytes = broadcastBytes;
    }
  }

  /** Where a fragment's rows come from. */
  sealed interface In permits ScanIn, MergeIn, JoinIn, SortIn {}

  record ScanIn(Source source) implements In {}

  /** The partial aggregates of {@code x}, merged into final rows; {@code input} is the aggregation's input schema. */
  record MergeIn(Exchange x, List<String> keys, List<Agg> aggs, Schema input) implements In {}

  record JoinIn(JoinSpec join) implements In {}

  /** The sorted runs of {@code x}, a range of keys per task, merged in order. */
  record SortIn(Exchange x, List<SortKeyEncoder.Column> columns) implements In {}

  /** Where a fragment's rows go; {@code producers} are the stages that may write it (the last one owns it). */
  sealed interface Out permits ExchangeOut, JoinSideOut, TableOut, CollectOut, SortOut {}

  /** Into exchange {@code x} as one sorted run per task, in blocks whose first keys the task reports. */
  record SortOut(Exchange x, List<SortKeyEncoder.Column> columns, Schema in) implements Out {}

  /** Into exchange {@code x}, partitioned by {@code keys}, combined first when {@code combine} is not null. */
  record ExchangeOut(Exchange x, List<String> keys, List<Agg> combine, Schema in) implements Out {}

  /** The probe side of a join: joined here against the broadcast build side, or shuffled into the join's left exchange. */
  record JoinSideOut(JoinSpec join, Schema in) implements Out {}

  /** Into {@code sink}'s table; the first {@code show} rows (0: none) also go to the driver, ordered by {@code orderBy}. */
  record TableOut(Sink sink, TableCommit.Mode mode, Schema in, List<String> producers, int show, List<String> orderBy)
      implements Out {}

  /** To the driver, at most {@code maxRows} of them, ordered by {@code orderBy}. */
  record CollectOut(int maxRows, List<String> orderBy, Schema in, List<String> producers) implements Out {}

  /** One stage's work: rows from {@code in}, through {@code steps} (in order), into {@code out}. */
  record Fragment(In in, List<Steps> steps, Out out) {}

  /** A fragment being built: its input and the steps so far; its output is decided by what consumes it. */
  private static final class Open {
    final In in;
    final List<Steps> steps = new ArrayList<>();
    Schema schema;

    Open(In in, Schema schema) {
      this.in = in;
      this.schema = schema;
    }
  }

  private final String prefix;
  private final Pipeline.Options options;
  private final List<ShuffleStage> stages = new ArrayList<>();
  private int exchanges;

  private Flow(String prefix, Pipeline.Options options) {
    this.prefix = prefix;
    this.options = options;
  }

  /** The stages of {@code root}, whose rows finally go to {@code out} (a TableOut or CollectOut with no producers yet). */
  static List<ShuffleStage> compile(String prefix, Node root, Pipeline.Options options, java.util.function.Function<Schema, Out> out) {
    Flow f = new Flow(prefix, options);
    Open o = f.build(root);
    Out last = out.apply(o.schema);
    f.close(o, last);
    if (last instanceof TableOut t) {
      f.stages.forEach(s -> s.writesTable(t));
    }
    return f.stages;
  }

  private Open build(Node n) {
    return switch (n) {
      case Scan s -> new Open(new ScanIn(s.source()), schema(s));
      case Apply a -> {
        Open o = build(a.child());
        o.steps.add(a.steps());
        o.schema = a.steps().output(o.schema);
        yield o;
      }
      case Aggregate a -> {
        Open o = build(a.child());
        Aggregation agg = Aggregation.partial(o.schema, a.keys(), a.aggs());
        Exchange x = new Exchange("x" + (++exchanges), agg.partialSchema());
        close(o, new ExchangeOut(x, a.keys(), a.aggs(), o.schema));
        yield new Open(new MergeIn(x, a.keys(), a.aggs(), o.schema), agg.finalSchema());
      }
      case Join j -> {
        Open r = build(j.right());
        Exchange xr = new Exchange("x" + (++exchanges), r.schema);
        close(r, new ExchangeOut(xr, j.rightKeys(), null, r.schema));
        Open l = build(j.left());
        Exchange xl = new Exchange("x" + (++exchanges), l.schema);
        Schema out = joined(l.schema, r.schema, j);
        JoinSpec spec = new JoinSpec(xr, xl, j, out, options.broadcastBytes());
        spec.probeStage = close(l, new JoinSideOut(spec, l.schema));
        yield new Open(new JoinIn(spec), out);
      }
      case Sort o -> {
        Open in = build(o.child());
        Exchange x = new Exchange("x" + (++exchanges), in.schema);
        close(in, new SortOut(x, o.columns(), in.schema));
        yield new Open(new SortIn(x, o.columns()), in.schema);
      }
    };
  }

  /** Adds the stage of {@code o} writing into {@code out}; returns its name. */
  private String close(Open o, Out out) {
    String kind = switch (o.in) {
      case ScanIn s -> "scan";
      case MergeIn m -> "aggregate";
      case JoinIn j -> "join";
      case SortIn so -> "sort";
    };
    String name = prefix + "-" + (stages.size() + 1) + "-" + kind;
    List<String> producers = new ArrayList<>();
    if (o.in instanceof JoinIn j) {
      j.join().joinStage = name;
      j.join().downstreamSteps = List.copyOf(o.steps);
      j.join().downstream = out;
      producers.add(j.join().probeStage); // after a broadcast the probe stage writes what follows the join
    }
    producers.add(name);
    switch (out) {
      case ExchangeOut x -> x.x().producers.addAll(producers);
      case SortOut x -> x.x().producers.addAll(producers);
      case JoinSideOut js -> js.join().left.producers.add(name);
      case TableOut t -> t.producers().addAll(producers);
      case CollectOut c -> c.producers().addAll(producers);
    }
    stages.add(new ShuffleStage(name, new Fragment(o.in, List.copyOf(o.steps), out), options));
    return name;
  }

  static List<String> names(String csv) {
    List<String> names = new ArrayList<>();
    for (String s : csv.split(",")) {
      String t = s.strip();
      if (!t.isEmpty()) {
        names.add(t);
      }
    }
    return names;
  }
}
