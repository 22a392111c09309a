package io.sluice.cli;

import io.sluice.local.ProgressListener;
import io.sluice.local.RunProgress;
import io.sluice.local.RunResult;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The live progress line and the final summary. On a terminal the line is redrawn in place; otherwise
 * (CI, a pipe) a line is printed when the stage changes and every few seconds.
 */
final class ProgressDisplay implements ProgressListener {
  private final PrintStream out;
  private final boolean terminal;
  private String lastStage = "";
  private String lastRetry;
  private long lastPrint;
  private int width;

  ProgressDisplay(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void onProgress(RunProgress p) {
    if (p.stage().isEmpty()) {
      return;
    }
    String line = String.format("[%s] stage %d/%d %-12s tasks %d/%d  executors busy %d  retries %d",
        clock(p.elapsed()), p.stageIndex() + 1, p.stages(), p.stage(), p.tasksCommitted(), p.tasksTotal(),
        p.executorsBusy(), p.retries());
    if (p.driverRetry() != null) {
      line += "  waiting to retry the driver after " + abbreviate(p.driverRetry());
    }
    long now = System.nanoTime();
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = line.length();
      out.flush();
    } else if (!p.stage().equals(lastStage) || !java.util.Objects.equals(p.driverRetry(), lastRetry)
        || now - lastPrint > 5_000_000_000L) {
      out.println(line);
      lastPrint = now;
    }
    lastStage = p.stage();
    lastRetry = p.driverRetry();
  }

  /**
   * Prints the run's summary; {@code command} is how the run was started (for the resume hint). The task
   * totals are those of the attempts that committed in this run ({@link RunResult}): requests as S3
   * bills them, a GET or HEAD per read, and objects published.
   */
  synchronized void finish(String command, RunResult r, String store) {
    if (terminal) {
      out.println();
    }
    out.printf("%s run %s in %s: %d tasks committed, %d retries, %d executor invocations (%d failed), "
            + "%d driver steps, %d execution(s); %s (all stages)%n",
        r.succeeded() ? "Succeeded" : "FAILED", r.runId(), seconds(r.wall()), r.tasksCommitted(), r.retries(),
        r.executorInvocations(), r.executorFailures(), r.driverInvocations(), r.executions(), taskTotals(r));
    if (!r.succeeded()) {
      out.println("  error: " + r.error());
      out.println("  cause: " + cause(r.cause()));
      if (io.sluice.driver.DriverHandler.FINAL_ERRORS.contains(r.error())) {
        // The same on every try: resuming would fail the same way until the cause is dealt with.
        out.println("  resuming will not help until the cause above is fixed");
      } else {
        out.println("  resume with: " + command + " --resume " + r.runId() + " --store " + store);
      }
    }
  }

  /**
   * A function's failure reaches the state machine as Step Functions reports a Lambda error, the
   * cause being {@code {"errorMessage": ..., "errorType": ...}}: show the message.
   */
  static String cause(String cause) {
    if (cause != null && cause.startsWith("{\"errorMessage\"")) {
      try {
        com.fasterxml.jackson.databind.JsonNode c = CliJson.MAPPER.readTree(cause);
        if (c.path("errorMessage").isTextual()) {
          return c.path("errorMessage").asText();
        }
      } catch (java.io.IOException notJson) {
        // shown as it is
      }
    }
    return cause;
  }

  /**
   * Whether standard output is a terminal. From JDK 22 on, {@code System.console()} is not null even
   * when output is redirected, and {@code Console.isTerminal()} tells; on 21 a console means a terminal.
   */
  static boolean stdoutIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static String abbreviate(String s) {
    String line = s.replace('\n', ' ');
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return String.format("%02d:%02d", s / 60, s % 60);
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  /** {@code tasks read 422.6 MB in 1,234 requests and wrote 166.0 MB in 56 objects}. */
  static String taskTotals(RunResult r) {
    return "tasks read " + bytes(r.bytesIn()) + " in " + count(r.readRequests(), "request") + " and wrote "
        + bytes(r.bytesOut()) + " in " + count(r.objectsWritten(), "object");
  }

  /** {@code 1 request}, {@code 1,234 requests}: grouped the same in every locale. */
  static String count(long n, String noun) {
    return String.format(java.util.Locale.ROOT, "%,d %s", n, n == 1 ? noun : noun + "s");
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    double v = b;
    String[] units = {"KB", "MB", "GB", "TB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
