package io.sluice.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code demo}. */
final class RunOptions {
  @Option(names = "--store", paramLabel = "LOCATION",
      description = "Where the run's objects live: a directory, or s3://bucket/prefix (default: ${DEFAULT-VALUE}).")
  String store = "data/store";

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "For an s3:// store: an S3-compatible server such as http://127.0.0.1:9090 (default: AWS, or $SLUICE_S3_ENDPOINT).")
  String endpoint;

  @Option(names = "--run-id", paramLabel = "ID", description = "The run's id (default: a new one from the time).")
  String runId;

  @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A run parameter; repeatable.")
  Map<String, String> params = Map.of();

  @Option(names = "--verbose", description = "Log what the driver and executors do.")
  boolean verbose;

  String runId() {
    if (runId != null) {
      return runId;
    }
    return newRunId();
  }

  /** A new run id from the time: {@code run-yyyyMMdd-HHmmss-xxxx}. */
  static String newRunId() {
    return "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  /** The -p values as given; the job checks them against the parameters its stages declare. */
  Map<String, String> parameters() {
    return params;
  }

  /** The store directory, checked: it may be missing (it is created) but not a file. */
  Path storeDir() {
    Path dir = Path.of(store);
    if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
      throw new SluiceCommand.UserError("--store " + store + " is a file; the store is a directory (created if missing)");
    }
    return dir;
  }

  /** Whether {@code --store} names an S3 location rather than a directory. */
  boolean s3() {
    return isS3(store);
  }

  static boolean isS3(String location) {
    return location.regionMatches(true, 0, "s3:", 0, 3);
  }

  /** The S3 store of {@code --store s3://...} (and {@code --endpoint}), opened through ObjectStores. */
  io.sluice.store.ObjectStore s3Store() {
    return openS3(store, endpoint);
  }

  static io.sluice.store.ObjectStore openS3(String location, String endpoint) {
    try {
      return io.sluice.store.ObjectStores.open(location,
          endpoint == null ? Map.of() : Map.of("endpoint", endpoint)).store();
    } catch (IllegalArgumentException e) {
      throw new SluiceCommand.UserError("--store " + location + ": " + e.getMessage());
    }
  }

  /** The store as the user would pass it again: {@code --store X [--endpoint URL]}'s value part. */
  String storeArgs() {
    return store + (endpoint == null ? "" : " --endpoint " + endpoint);
  }

  /** The store for messages: an absolute directory, or the S3 location. */
  String storeDescription() {
    return s3() ? store + (endpoint == null ? "" : " at " + endpoint) : Path.of(store).toAbsolutePath().normalize().toString();
  }

  void applyLogging() {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
  }
}
