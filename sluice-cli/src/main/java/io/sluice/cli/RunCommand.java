package io.sluice.cli;

import io.sluice.Job;
import io.sluice.runtime.JobCatalog;
import io.sluice.local.LocalRuntime;
import io.sluice.local.RunResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice run JOB}: runs a job on the embedded local runtime. The parameters the job declares are
 * options too ({@link ParameterOptions}): {@code --input DIR} is {@code -p input=DIR}.
 */
@Command(name = "run", preprocessor = ParameterOptions.class, description = {
    "Run a job locally, through the same state machine and handlers as on AWS.",
    "A parameter the job declares is an option too: --NAME VALUE is -p NAME=VALUE (the options below win)."})
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "A job name (see `sluice jobs`) or a JobFactory class name.")
  String job;

  @Mixin RunOptions options = new RunOptions();

  @Option(names = "--resume", paramLabel = "RUN", description = "Resume this failed run: finished tasks are not redone.")
  String resume;

  @Override
  public Integer call() {
    options.applyLogging();
    Job j = JobCatalog.load(getClass().getClassLoader()).find(job);
    return run(j, options, resume, "./sluice run " + job).succeeded() ? 0 : 1;
  }

  /**
   * Runs (or resumes) {@code job} with a progress display and prints its summary; {@code command} is
   * the command line that started it, without {@code --resume}, for the hint on how to go on.
   */
  static RunResult run(Job job, RunOptions options, String resume, String command) {
    if (resume == null) {
      job.parameters().check(options.params); // before anything starts: a misspelt -p stops here, with the known ones
    }
    ProgressDisplay display = new ProgressDisplay(System.out, ProgressDisplay.stdoutIsTerminal());
    // ssm: references among the parameters are read from Parameter Store (sluice-aws's resolver, with the
    // AWS configuration's region and credentials) when a stage reads them.
    LocalRuntime.Builder builder = LocalRuntime.builder(job)
        .parameterResolver(io.sluice.runtime.ParameterSources.serviceResolver(RunCommand.class.getClassLoader()));
    if (options.s3()) {
      builder.store(options.s3Store());
    } else {
      builder.storeDir(options.storeDir());
    }
    try (LocalRuntime runtime = builder.build()) {
      String runId = resume != null ? resume : options.runId();
      System.out.println((resume != null ? "Resuming" : "Running") + " job '" + job.name() + "' as " + runId
          + " (store: " + options.storeDescription() + ")");
      // Ctrl-C: the run's state is in the store up to its last step; say how to go on from there.
      java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
      Thread hint = new Thread(() -> {
        if (!finished.get()) {
          System.out.println();
          System.out.println("Interrupted. The run's state is kept in the store; go on with: " + command
              + " --resume " + runId + " --store " + options.storeArgs());
        }
      });
      Runtime.getRuntime().addShutdownHook(hint);
      RunResult result;
      try {
        result = resume != null ? runtime.resume(runId, display) : runtime.run(runId, options.parameters(), display);
      } catch (IllegalArgumentException e) {
        finished.set(true);
        throw new SluiceCommand.UserError(e.getMessage());
      }
      finished.set(true);
      display.finish(command, result, options.storeArgs());
      if (result.succeeded()) {
        printResults(runtime.store(), runId);
      }
      return result;
    }
  }

  /** Prints the small results the run's stages left ({@code collect} of a pipeline), stage by stage. */
  private static void printResults(io.sluice.store.ObjectStore store, String runId) {
    String prefix = new io.sluice.run.RunLayout(runId).resultsPrefix();
    for (io.sluice.store.ObjectInfo o : store.listAll(prefix)) {
      String stage = o.key().substring(prefix.length()).replaceFirst("\\.txt$", "");
      System.out.println();
      System.out.println("Result of stage '" + stage + "':");
      System.out.print(new String(store.get(o.key()), java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
