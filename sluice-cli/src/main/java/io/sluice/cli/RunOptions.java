package io.sluice.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code demo}. */
final class RunOptions {
  @Option(names = "--store", paramLabel = "DIR", description = "The local object store's directory (default: ${DEFAULT-VALUE}).")
  Path store = Path.of("data", "store");

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
    return "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  /** The -p values as given; the job checks them against the parameters its stages declare. */
  Map<String, String> parameters() {
    return params;
  }

  /** The store directory, checked: it may be missing (it is created) but not a file. */
  Path storeDir() {
    if (java.nio.file.Files.exists(store) && !java.nio.file.Files.isDirectory(store)) {
      throw new SluiceCommand.UserError("--store " + store + " is a file; the store is a directory (created if missing)");
    }
    return store;
  }

  void applyLogging() {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
  }
}
