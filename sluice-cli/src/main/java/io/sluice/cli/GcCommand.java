package io.sluice.cli;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.run.CorruptStateException;
import io.sluice.run.RunLayout;
import io.sluice.run.RunStatus;
import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice gc}: deletes what finished runs keep under {@code runs/RUN/} (state, plans, attempts,
 * commits and every stage's committed outputs). A run that is running now, or that stopped part-way
 * (it can be resumed), is never touched; a failed run is kept unless asked, since deleting it ends
 * the chance to resume it. What a job wrote outside {@code runs/} (a report, a table) stays.
 * Temporary files of dead writers are removed whenever a store is opened, so gc opening the store
 * cleans those too.
 */
@Command(name = "gc", description = {
    "Delete the data finished runs keep under runs/RUN/ (state, attempts, commits, stage outputs).",
    "Succeeded runs are deleted; failed ones only with --include-failed (they can no longer be resumed then);"
        + " running runs, and runs that stopped part-way, are kept. What jobs wrote outside runs/ stays."})
final class GcCommand implements Callable<Integer> {
  private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

  @Option(names = "--store", paramLabel = "DIR", description = "The local object store's directory (default: ${DEFAULT-VALUE}).")
  Path store = Path.of("data", "store");

  @Option(names = "--older-than", paramLabel = "AGE", description = "Only runs whose last step is older than this: 30m, 12h, 7d (default: any age).")
  String olderThan;

  @Option(names = "--include-failed", description = "Also delete failed runs (they can no longer be resumed).")
  boolean includeFailed;

  @Option(names = "--dry-run", description = "Say what would be deleted, delete nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (!Files.isDirectory(store)) {
      throw new SluiceCommand.UserError("No store at " + store.toAbsolutePath().normalize() + ": pass --store DIR");
    }
    Duration minAge = age(olderThan);
    ObjectStore objects = new FileSystemObjectStore(store);
    Instant now = Instant.now();
    int deleted = 0;
    int kept = 0;
    long freed = 0;
    for (String run : runIds(objects)) {
      String why = keep(objects, run, now, minAge);
      if (why != null) {
        kept++;
        System.out.println("kept    " + run + ": " + why);
        continue;
      }
      List<String> keys = new ArrayList<>();
      long bytes = 0;
      for (ObjectInfo o : objects.listAll(new RunLayout(run).root())) {
        keys.add(o.key());
        bytes += o.size();
      }
      if (!dryRun) {
        for (int i = 0; i < keys.size(); i += ObjectStore.MAX_DELETE_KEYS) {
          objects.deleteAll(keys.subList(i, Math.min(keys.size(), i + ObjectStore.MAX_DELETE_KEYS)));
        }
      }
      deleted++;
      freed += bytes;
      System.out.printf("%s %s: %,d objects, %s%n", dryRun ? "would delete" : "deleted", run, keys.size(),
          ProgressDisplay.bytes(bytes));
    }
    System.out.printf("gc: %s %d run(s), %s; kept %d%n", dryRun ? "would delete" : "deleted", deleted,
        ProgressDisplay.bytes(freed), kept);
    return 0;
  }

  /** Why run {@code run} is kept, or null to delete it. */
  private String keep(ObjectStore objects, String run, Instant now, Duration minAge) {
    Optional<RunStatus> read;
    try {
      read = RunStatus.read(objects, run, now);
    } catch (CorruptStateException e) {
      return "its state cannot be read (" + e.getMessage() + ")";
    }
    if (read.isEmpty()) {
      return "no run file (" + new RunLayout(run).runFile() + "): not a run this command knows";
    }
    RunStatus status = read.get();
    if (status.live()) {
      return "running now";
    }
    if (status.failed() && !includeFailed) {
      return "failed, and can be resumed (--include-failed deletes it)";
    }
    if (!status.succeeded() && !status.failed()) {
      return "stopped part-way, and can be resumed (./sluice run " + status.job() + " --resume " + run + ")";
    }
    if (!minAge.isZero()) {
      Instant last = objects.stat(new RunLayout(run).driverState(status.steps())).map(ObjectInfo::lastModified)
          .orElse(Instant.parse(status.info().started()));
      if (Duration.between(last, now).compareTo(minAge) < 0) {
        return "ended " + ProgressDisplay.clock(Duration.between(last, now)) + " ago, not older than " + olderThan;
      }
    }
    return null;
  }

  /** The ids of the runs under {@code runs/}, from one delimiter listing (page by page). */
  private static List<String> runIds(ObjectStore objects) {
    List<String> ids = new ArrayList<>();
    ListRequest request = ListRequest.builder().prefix(RunLayout.RUNS).delimiter("/").build();
    while (true) {
      ObjectListing page = objects.list(request);
      for (String prefix : page.commonPrefixes()) {
        ids.add(prefix.substring(RunLayout.RUNS.length(), prefix.length() - 1));
      }
      if (!page.truncated()) {
        return ids;
      }
      request = request.withContinuationToken(page.nextContinuationToken());
    }
  }

  private static Duration age(String text) {
    if (text == null) {
      return Duration.ZERO;
    }
    Matcher m = AGE.matcher(text.strip());
    if (!m.matches()) {
      throw new SluiceCommand.UserError("--older-than " + text + ": give a number and a unit, as in 30m, 12h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
