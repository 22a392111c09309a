package io.sluice.parquet.internal;

import io.sluice.record.BadRecord;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.InputFile;
import io.sluice.record.MutableRow;
import io.sluice.record.Position;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordPredicate;
import io.sluice.record.RecordReader;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the row groups of one split (those whose first byte is in it), reading only the projected
 * columns' chunks and skipping the row groups whose statistics rule out the filter. Its position is
 * (the row group's first byte, the rows of it read).
 */
public final class ParquetRowReader implements RecordReader {
  private final InputFile file;
  private final Schema projected;
  private final BadRecordPolicy policy;
  private final RecordPredicate filter;
  private final StatsFilter stats;
  private final Split split;
  private final ParquetFileReader reader;
  private final List<BlockMetaData> blocks = new ArrayList<>();
  private final List<Integer> indices = new ArrayList<>();
  private final RowMaterializer materializer;
  private final MessageColumnIO columnIO;
  private final MutableRow empty;

  private int block;
  private long rowsRead;
  private org.apache.parquet.io.RecordReader<MutableRow> records;
  private MutableRow current;
  private long bad;

  /** Opens a reader of {@code split} from {@code from} (null: its start). */
  public ParquetRowReader(InputFile file, Split split, Position from, Schema schema, ReadOptions options) throws IOException {
    this.file = file;
    this.split = split;
    this.projected = options.projectedSchema(schema);
    this.policy = options.badRecords();
    this.filter = options.filter();
    this.stats = new StatsFilter(schema);
    if (filter != null) {
      stats.check(filter);
    }
    this.empty = new MutableRow(projected);
    if (file.length() == 0) {
      reader = null;
      materializer = null;
      columnIO = null;
    } else {
      ParquetFileReader r = Footers.open(file);
      try {
        MessageType fileSchema = r.getFooter().getFileMetaData().getSchema();
        MessageType requested = RowMaterializer.requestedSchema(projected, fileSchema, file.name());
        materializer = new RowMaterializer(projected, fileSchema, file.name(), options.malformedText() == ReadOptions.MalformedText.REPLACE);
        r.setRequestedSchema(requested);
        columnIO = new ColumnIOFactory().getColumnIO(requested, fileSchema);
        List<BlockMetaData> all = r.getRowGroups();
        for (int k = 0; k < all.size(); k++) {
          long start = all.get(k).getStartingPos();
          if (start >= split.start() && start < split.end()) {
            blocks.add(all.get(k));
            indices.add(k);
          }
        }
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
      reader = r;
    }
    if (from != null) {
      seek(from);
    }
  }

  private void seek(Position from) {
    for (int k = 0; k < blocks.size(); k++) {
      if (blocks.get(k).getStartingPos() == from.offset()) {
        if (from.row() > blocks.get(k).getRowCount()) {
          throw new IllegalArgumentException("Position " + from + " is past the " + blocks.get(k).getRowCount()
              + " rows of the row group at byte " + from.offset() + " of '" + file.name() + "'");
        }
        block = k;
        rowsRead = from.row();
        return;
      }
    }
    if (blocks.isEmpty() && from.offset() == split.start() && from.row() == 0) {
      return;
    }
    throw new IllegalArgumentException("Position " + from + " is not at a row group of split [" + split.start() + ", " + split.end()
        + ") of '" + file.name() + "'");
  }

  @Override
  public Schema schema() {
    return projected;
  }

  @Override
  public boolean next() throws IOException {
    while (block < blocks.size()) {
      BlockMetaData b = blocks.get(block);
      if (rowsRead >= b.getRowCount()) {
        if (block + 1 >= blocks.size()) {
          current = null;
          return false; // stays on the last row group, fully read: the continuation says so
        }
        block++;
        rowsRead = 0;
        records = null;
        continue;
      }
      if (records == null) {
        if (filter != null && !stats.mightMatch(filter, b)) {
          rowsRead = b.getRowCount();
          continue;
        }
        PageReadStore pages = reader.readRowGroup(indices.get(block));
        records = columnIO.getRecordReader(pages, materializer);
        for (long k = 0; k < rowsRead; k++) {
          records.read();
        }
      }
      MutableRow row = records.read();
      long index = rowsRead++;
      String error = materializer.error();
      if (error != null) {
        bad++;
        policy.onBadRecord(new BadRecord(file.name(), b.getStartingPos(), "row " + index + " of the row group at byte "
            + b.getStartingPos() + ": " + error, ""));
        continue;
      }
      current = row;
      return true;
    }
    current = null;
    return false;
  }

  @Override
  public Row row() {
    return current == null ? empty : current;
  }

  /** The first byte of the current row group (Parquet rows have no offsets of their own). */
  @Override
  public long recordOffset() {
    return block < blocks.size() ? blocks.get(block).getStartingPos() : split.start();
  }

  /** The first byte of the current row group; see {@link #continuation()} for where to continue. */
  @Override
  public long position() {
    return recordOffset();
  }

  @Override
  public Position continuation() {
    if (blocks.isEmpty()) {
      return new Position(split.start(), 0);
    }
    return new Position(blocks.get(block).getStartingPos(), rowsRead);
  }

  @Override
  public long badRecords() {
    return bad;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }
}
