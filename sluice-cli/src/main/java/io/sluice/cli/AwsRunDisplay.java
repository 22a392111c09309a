package io.sluice.cli;

import io.sluice.aws.sfn.RunView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Progress of a run on Step Functions, in the style of the local {@link ProgressDisplay}: on a
 * terminal one line redrawn in place, otherwise a line when something changes and every 30 seconds;
 * then a summary that tells how to go on after a failure.
 */
final class AwsRunDisplay implements Consumer<RunView> {
  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private String last = "";
  private long lastPrint;
  private int width;

  AwsRunDisplay(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void accept(RunView v) {
    String line = "[" + ProgressDisplay.clock(Duration.ofNanos(System.nanoTime() - start)) + "] " + v.describe();
    long now = System.nanoTime();
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = line.length();
      out.flush();
    } else if (!v.describe().equals(last) || now - lastPrint > 30_000_000_000L) {
      out.println(line);
      lastPrint = now;
    }
    last = v.describe();
  }

  /** The final lines; {@code again} is how to pass the state machine again ({@code --state-machine ARN ...}). */
  synchronized void finish(RunView v, String again) {
    if (terminal) {
      out.println();
    }
    print(out, v, again);
  }

  /** A run's status, as {@code sluice status --aws} and the end of {@code --wait} show it. */
  static void print(PrintStream out, RunView v, String again) {
    out.println("run:        " + v.runId());
    out.println("status:     " + v.status());
    out.println("execution:  " + v.executionArn() + (v.executions() > 1 ? " (the run's execution #" + v.executions() + ")" : "")
        + (v.redriveCount() > 0 ? ", redriven " + v.redriveCount() + "x" : ""));
    out.println("started:    " + v.startDate() + (v.stopDate() == null ? "" : ", stopped " + v.stopDate()));
    if (v.step() >= 0) {
      out.println("driver:     step " + v.step() + ", decision '" + v.action() + "'"
          + (v.executorGroups() > 0 ? " (" + v.executorGroups() + " executor group(s))" : ""));
    } else {
      out.println("driver:     no decision yet");
    }
    if (v.running() && v.state() != null) {
      out.println("state:      " + v.state());
    }
    if (v.driverRetry() != null) {
      out.println("retrying:   the driver, after " + v.driverRetry());
    }
    if (v.error() != null) {
      out.println("error:      " + v.error());
      out.println("cause:      " + ProgressDisplay.cause(v.cause()));
    }
    if (!v.running() && !v.succeeded()) {
      if (io.sluice.driver.DriverHandler.FINAL_ERRORS.contains(v.error())) {
        out.println("redrive:    will fail the same way until the cause above is fixed; then: sluice redrive " + v.runId() + " " + again);
      } else {
        out.println("redrive:    sluice redrive " + v.runId() + " " + again + "   (committed tasks are not redone)");
      }
    }
  }
}
