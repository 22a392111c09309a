package io.sluice.table;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.Field;
import io.sluice.record.InputFile;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordFormat;
import io.sluice.record.RecordReader;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import io.sluice.store.ObjectStore;
import io.sluice.table.PartitionSpec.PartitionField;
import io.sluice.table.PartitionSpec.Transform;
import io.sluice.table.internal.ManifestInputFile;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a table the way the manifest protocol says ({@link TableManifest}): the latest snapshot, then
 * exactly the files it lists, each with the table's format. Rows come back with the table's schema
 * ({@link TableDefinition#schema()}): the identity partition columns, which the files do not hold, are
 * filled in from each file's partition values. Whatever commits run meanwhile (appends, compactions),
 * the rows of one snapshot are each read once: no duplicate, no gap.
 *
 * <pre>{@code
 * TableReader reader = new TableReader(store, "tables/orders/", ParquetFormat.DEFAULT);
 * TableSnapshot s = reader.latest();
 * reader.forEach(s, row -> total += row.getLong("quantity"));
 * }</pre>
 *
 * Thread-safe; each call reads on the calling thread.
 */
public final class TableReader {
  private final TableManifest manifest;
  private final RecordFormat format;

  /** A reader of the table at {@code location} in {@code store}, whose files are in {@code format}. */
  public TableReader(ObjectStore store, String location, RecordFormat format) {
    this(new TableManifest(store, location), format);
  }

  /** A reader of the table of {@code manifest}, whose files are in {@code format}. */
  public TableReader(TableManifest manifest, RecordFormat format) {
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.format = Objects.requireNonNull(format, "format");
  }

  /** The table's manifests. */
  public TableManifest manifest() {
    return manifest;
  }

  /**
   * The latest snapshot.
   *
   * @throws IllegalStateException if the table does not exist
   */
  public TableSnapshot latest() {
    return manifest.latestOrFail();
  }

  /**
   * Calls {@code action} with every row of the snapshot's files, file by file in path order. The row
   * is valid only during the call ({@link Row#copy()} to keep it).
   *
   * @return the number of rows read
   * @throws IllegalArgumentException if the snapshot's format is not this reader's
   * @throws IOException if a file cannot be read
   */
  public long forEach(TableSnapshot snapshot, Consumer<Row> action) throws IOException {
    checkFormat(snapshot);
    long n = 0;
    for (DataFile f : snapshot.files()) {
      n += forEach(snapshot.definition(), f, action);
    }
    return n;
  }

  /** Every row of the snapshot, copied. See {@link #forEach(TableSnapshot, Consumer)}. */
  public List<Row> readAll(TableSnapshot snapshot) throws IOException {
    List<Row> rows = new ArrayList<>();
    forEach(snapshot, r -> rows.add(r.copy()));
    return rows;
  }

  private void checkFormat(TableSnapshot snapshot) {
    if (!snapshot.definition().format().equals(format.name())) {
      throw new IllegalArgumentException("Table '" + snapshot.definition().name() + "' holds " + snapshot.definition().format()
          + " files; this reader reads " + format.name() + ": give it the table's format");
    }
  }

  private long forEach(TableDefinition definition, DataFile file, Consumer<Row> action) throws IOException {
    PartitionSpec spec = definition.spec();
    Schema table = spec.schema();
    Schema files = spec.fileSchema();
    // Where each table column comes from: >= 0 a column of the file, < 0 -(1 + i) the identity partition value i.
    int[] from = new int[table.size()];
    Object[] partitionValues = new Object[table.size()];
    for (int c = 0; c < table.size(); c++) {
      Field field = table.field(c);
      if (files.contains(field.name())) {
        from[c] = files.indexOf(field.name());
      } else {
        from[c] = -1;
        partitionValues[c] = partitionValue(field, spec, file);
      }
    }
    InputFile in = ManifestInputFile.of(manifest.store(), manifest.location() + file.path());
    long n = 0;
    Object[] values = new Object[table.size()];
    try (RecordReader reader = format.reader(in, Split.whole(in.length()), files, ReadOptions.of(BadRecordPolicy.fail()))) {
      while (reader.next()) {
        Row r = reader.row();
        for (int c = 0; c < values.length; c++) {
          values[c] = from[c] >= 0 ? r.get(from[c]) : partitionValues[c];
        }
        action.accept(Row.of(table, values));
        n++;
      }
    }
    return n;
  }

  /** The value of identity partition column {@code field} in {@code file}, as {@link Row#get} gives it. */
  static Object partitionValue(Field field, PartitionSpec spec, DataFile file) {
    PartitionField pf = spec.fields().stream()
        .filter(p -> p.transform() == Transform.IDENTITY && p.source().equals(field.name())).findFirst()
        .orElseThrow(() -> new IllegalStateException("Column '" + field.name() + "' is neither in the files nor a partition column"));
    Map<String, String> values = file.partitionValues();
    String text = values.get(pf.name());
    if (text == null) {
      return null;
    }
    try {
      return switch (field.type().kind()) {
        case STRING -> text;
        case INT8 -> Byte.parseByte(text);
        case INT16 -> Short.parseShort(text);
        case INT32 -> Integer.parseInt(text);
        case INT64 -> Long.parseLong(text);
        case BOOLEAN -> Boolean.parseBoolean(text);
        case DATE -> LocalDate.parse(text);
        default -> throw new IllegalStateException("identity partition of type " + field.type());
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Data file '" + file.path() + "': partition value '" + text + "' of column '"
          + field.name() + "' is not a " + field.type(), e);
    }
  }
}
