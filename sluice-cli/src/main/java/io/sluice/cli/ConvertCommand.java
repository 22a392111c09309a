package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Job;
import io.sluice.local.RunResult;
import io.sluice.parquet.ParquetFormat;
import io.sluice.pipeline.BadRecordLimit;
import io.sluice.pipeline.ByteSize;
import io.sluice.pipeline.ConvertReport;
import io.sluice.pipeline.Location;
import io.sluice.pipeline.Pipeline;
import io.sluice.pipeline.Sink;
import io.sluice.pipeline.Source;
import io.sluice.pipeline.StoreInputFile;
import io.sluice.record.CsvFormat;
import io.sluice.record.JsonLinesFormat;
import io.sluice.record.RecordFormat;
import io.sluice.record.Schema;
import io.sluice.record.SchemaInference;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStores;
import io.sluice.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice convert}: a conversion to partitioned Parquet without Java code, run on the local
 * runtime as a job of the pipeline API ({@link Pipeline}): the same stages a Java job would have.
 */
@Command(name = "convert", description = "Convert CSV, JSON Lines or Parquet files to a partitioned Parquet table, locally.",
    sortOptions = false)
final class ConvertCommand implements Callable<Integer> {
  enum Format { csv, jsonl, parquet }

  enum Compression { snappy, zstd, gzip, none }

  @Option(names = "--input", required = true, paramLabel = "DIR|URI",
      description = "The files to convert: a directory, or a URI such as s3://bucket/prefix/ (every object under it).")
  String input;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, jsonl or parquet.")
  Format format;

  @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV: the field delimiter (default ',').")
  String delimiter;

  @Option(names = "--header", description = "CSV: the first line names the columns (matched to --schema by name).")
  boolean header;

  @Option(names = "--newlines-in-quotes",
      description = "CSV: quoted fields may hold line breaks (splits resynchronise exactly, which costs time per split).")
  boolean newlinesInQuotes;

  @Option(names = "--trailing-delimiter",
      description = "CSV: lines may end with the delimiter, as TPC-H's dbgen writes them ('1|x|y|' is two fields).")
  boolean trailingDelimiter;

  @Option(names = "--schema", paramLabel = "SQL",
      description = "The columns, as SQL engines spell them: 'id bigint, name string, ts timestamp, price decimal(12,2)'."
          + " Without it the schema is inferred from a sample of the first file and printed, so you can pin it.")
  String schema;

  @Option(names = "--output", required = true, paramLabel = "DIR|URI", description = "Where the Parquet table goes.")
  String output;

  @Option(names = "--partition-by", paramLabel = "SPEC", defaultValue = "",
      description = "Hive partitions: columns or year(col), month(col), day(col), hour(col): 'tenant, year(ts), month(ts)'.")
  String partitionBy;

  @Option(names = "--target-file-size", paramLabel = "SIZE", defaultValue = "256MB",
      description = "Roll data files at this size (default: ${DEFAULT-VALUE}).")
  String targetFileSize;

  @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "snappy",
      description = "snappy, zstd, gzip or none (default: ${DEFAULT-VALUE}).")
  Compression compression;

  @Option(names = "--chunk-size", paramLabel = "SIZE",
      description = "Bytes of input per task (default: 768MB for a plain conversion).")
  String chunkSize;

  @Option(names = "--bad-records", paramLabel = "LIMIT", defaultValue = "0",
      description = "How many unreadable records to quarantine before failing: a count (100), a fraction (0.01 or 1%),"
          + " or 'unlimited' (default: ${DEFAULT-VALUE}).")
  String badRecords;

  @Option(names = "--append", description = "Add to the table's files instead of replacing them.")
  boolean append;

  @Option(names = "--resume", paramLabel = "RUN", description = "Resume this failed conversion: finished tasks are not redone.")
  String resume;

  @Mixin RunOptions options = new RunOptions();

  @Override
  public Integer call() throws IOException {
    options.applyLogging();
    Location in = location("--input", input, true);
    Location out = location("--output", output, false);
    RecordFormat recordFormat = recordFormat();
    long target = size("--target-file-size", targetFileSize);
    BadRecordLimit limit;
    try {
      limit = BadRecordLimit.parse(badRecords);
    } catch (IllegalArgumentException e) {
      throw new SluiceCommand.UserError("--bad-records: " + e.getMessage());
    }
    Schema rows = schema == null ? infer(recordFormat, in) : parseSchema(schema);
    Source source = Source.of(recordFormat, in).schema(rows);
    if (chunkSize != null) {
      source = source.chunkBytes(size("--chunk-size", chunkSize));
    }
    Sink sink = Sink.parquet(out.text()).format(parquet()).partitionBy(partitionBy).targetFileBytes(target);
    Pipeline pipeline = Pipeline.read(source).write(sink).badRecords(limit);
    if (append) {
      pipeline = pipeline.append();
    }
    Job job;
    try {
      job = pipeline.toJob("convert");
    } catch (IllegalArgumentException e) {
      throw new SluiceCommand.UserError("--partition-by '" + partitionBy + "': " + e.getMessage());
    }
    String runId = resume != null ? resume : options.runId();
    options.runId = runId;
    RunResult result = RunCommand.run(job, options, resume, "./sluice convert ...");
    if (result.succeeded()) {
      printReport(out, runId, result);
    }
    return result.succeeded() ? 0 : 1;
  }

  private static Location location(String option, String text, boolean mustExist) {
    boolean uri = text.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*") || text.startsWith("file:");
    if (uri) {
      return Location.of(text);
    }
    Path path = Path.of(text).toAbsolutePath().normalize();
    if (mustExist && !Files.isDirectory(path)) {
      throw new SluiceCommand.UserError(option + " " + text + (Files.exists(path) ? " is a file: give the directory that holds the files"
          : " does not exist"));
    }
    if (!mustExist && Files.exists(path) && !Files.isDirectory(path)) {
      throw new SluiceCommand.UserError(option + " " + text + " is a file: the table is a directory (created if missing)");
    }
    return Location.of(path.toUri().toString());
  }

  private RecordFormat recordFormat() {
    if (format != Format.csv && (delimiter != null || header || newlinesInQuotes || trailingDelimiter)) {
      throw new SluiceCommand.UserError("--delimiter, --header, --newlines-in-quotes and --trailing-delimiter are CSV options;"
          + " --format is " + format);
    }
    return switch (format) {
      case csv -> {
        CsvFormat.Builder b = CsvFormat.builder();
        if (delimiter != null) {
          String d = delimiter.equals("\\t") ? "\t" : delimiter;
          if (d.length() != 1) {
            throw new SluiceCommand.UserError("--delimiter must be one character (or \\t), got '" + delimiter + "'");
          }
          b.delimiter(d.charAt(0));
        }
        if (header) {
          b.header(schema == null ? CsvFormat.HeaderMode.POSITIONAL : CsvFormat.HeaderMode.BY_NAME);
        }
        b.trailingDelimiter(trailingDelimiter);
        if (newlinesInQuotes) {
          b.resynchronize(true);
        } else {
          b.newlinesInQuotes(false);
        }
        yield b.build();
      }
      case jsonl -> JsonLinesFormat.DEFAULT;
      case parquet -> ParquetFormat.DEFAULT;
    };
  }

  private ParquetFormat parquet() {
    return ParquetFormat.builder().compression(switch (compression) {
      case snappy -> ParquetFormat.Compression.SNAPPY;
      case zstd -> ParquetFormat.Compression.ZSTD;
      case gzip -> ParquetFormat.Compression.GZIP;
      case none -> ParquetFormat.Compression.UNCOMPRESSED;
    }).build();
  }

  private static long size(String option, String text) {
    try {
      return ByteSize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SluiceCommand.UserError(option + ": " + e.getMessage());
    }
  }

  private static Schema parseSchema(String text) {
    try {
      return Schema.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SluiceCommand.UserError("--schema: " + e.getMessage());
    }
  }

  /** Infers the schema from the first file, says so, and prints it in the form --schema takes. */
  private Schema infer(RecordFormat recordFormat, Location in) throws IOException {
    StoreLocation at = ObjectStores.open(in.text(), Map.of());
    ObjectInfo first = null;
    for (ObjectInfo o : at.store().listAll(at.prefix())) {
      String rel = at.relative(o.key());
      if (o.size() > 0 && !rel.startsWith("_") && !rel.startsWith(".") && !rel.contains("/_") && !rel.contains("/.")) {
        first = o;
        break;
      }
    }
    if (first == null) {
      throw new SluiceCommand.UserError("--input " + input + " holds no files to convert");
    }
    Schema inferred;
    try {
      inferred = recordFormat instanceof ParquetFormat ? ParquetFormat.schemaOf(StoreInputFile.planned(at.store(), first))
          : SchemaInference.defaults().infer(recordFormat, StoreInputFile.planned(at.store(), first));
    } catch (RuntimeException e) {
      throw new SluiceCommand.UserError("Cannot infer a schema from " + first.key() + ": " + e.getMessage() + "; give one with --schema");
    }
    System.out.println("Inferred the schema from " + at.relative(first.key()) + "; pin it with:");
    System.out.println("  --schema '" + inferred.toSql() + "'");
    return inferred;
  }

  private void printReport(Location out, String runId, RunResult result) {
    StoreLocation table = ObjectStores.open(out.text(), Map.of());
    JsonNode r;
    try {
      r = CliJson.MAPPER.readTree(table.store().get(table.key(ConvertReport.key(runId, "convert"))));
    } catch (ObjectNotFoundException | IOException e) {
      System.out.println("The conversion wrote no report at " + out + ConvertReport.key(runId, "convert"));
      return;
    }
    double seconds = Math.max(0.001, result.wall().toMillis() / 1000.0);
    long bytesRead = r.path("bytesRead").asLong();
    System.out.printf(Locale.ROOT, "Converted %s of input in %.1f s (%.1f MB/s): %,d rows in, %,d rows out, %,d filtered,"
            + " %,d quarantined; %,d files, %s%n",
        ByteSize.format(bytesRead), seconds, bytesRead / 1048576.0 / seconds, r.path("rowsRead").asLong(),
        r.path("rowsWritten").asLong(), r.path("rowsFiltered").asLong(), r.path("rowsQuarantined").asLong(),
        r.path("files").asLong(), ByteSize.format(r.path("bytesWritten").asLong()));
    System.out.println("  table: " + out + "  (live files listed in " + out + "_sluice/manifests/)");
    System.out.println("  register it in Athena/Glue: " + out + io.sluice.pipeline.TableCommit.CATALOG);
    List<String> quarantine = new ArrayList<>();
    r.path("quarantine").forEach(q -> quarantine.add(q.asText()));
    if (!quarantine.isEmpty()) {
      System.out.println("  quarantined records (JSON lines: source, offset, reason): " + String.join(", ",
          quarantine.size() > 3 ? quarantine.subList(0, 3) : quarantine) + (quarantine.size() > 3 ? " ..." : "")
          + " in the store " + options.storeDescription());
    }
  }
}
