package io.sluice.cli;

import io.sluice.aws.sfn.RunView;
import io.sluice.aws.sfn.StepFunctionsRuns;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Following a run on Step Functions to its end ({@code --wait}), shared by {@code start} and {@code redrive}. */
final class AwsFollow {
  private AwsFollow() {}

  /** The options that name the state machine and endpoint again, for the hints printed. */
  static String again(String stateMachineArn, String endpoint) {
    return "--state-machine " + stateMachineArn + (endpoint == null ? "" : " --endpoint " + endpoint);
  }

  /** Polls the run every {@code poll} until it ends, showing progress; 0 if it succeeded, else 1. */
  static int await(StepFunctionsRuns runs, String stateMachineArn, String run, Duration poll, String again) {
    AwsRunDisplay display = new AwsRunDisplay(System.out, ProgressDisplay.stdoutIsTerminal());
    AtomicBoolean finished = new AtomicBoolean();
    Thread hint = new Thread(() -> {
      if (!finished.get()) {
        System.out.println();
        System.out.println("No longer following run " + run + "; it goes on on Step Functions: sluice status " + run + " --aws "
            + again + ", or stop it with sluice stop " + run + " " + again);
      }
    });
    Runtime.getRuntime().addShutdownHook(hint);
    RunView end;
    try {
      end = runs.await(stateMachineArn, run, poll, display);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceCommand.UserError("Interrupted while following run " + run);
    } finally {
      finished.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(hint);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway
      }
    }
    display.finish(end, again);
    return end.succeeded() ? 0 : 1;
  }
}
