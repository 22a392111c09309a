package io.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    // Inherited, so that `sluice run --help`, `sluice sfn run -h` ... print that command's usage.
    scope = CommandLine.ScopeType.INHERIT,
    version = "sluice 0.1.0",
    description = "Serverless batch and micro-batch data processing: run jobs locally with AWS's semantics.",
    subcommands = {
      DemoCommand.class, RunCommand.class, ConvertCommand.class, StatusCommand.class, GcCommand.class, AslCommand.class,
      JobsCommand.class, SfnCommand.class, DeployCommand.class, StartCommand.class, StopCommand.class, RedriveCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SluiceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with Sluice's error handling: user mistakes, and what the store says is wrong
   * with an object or a directory (missing, corrupt, unreadable), get one clear line and exit code 2,
   * not a stack trace. Anything else is a bug and keeps its stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SluiceCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof UserError || e instanceof io.sluice.JobDefinitionException || e instanceof io.sluice.ParameterException
          || e instanceof io.sluice.statemachine.InvalidDefinitionException
          || e instanceof io.sluice.store.StoreException
          || e instanceof io.sluice.aws.sfn.RunControlException
          || e instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("sluice: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli;
  }

  /** A mistake of the user's (bad option, missing file): reported as one line, exit code 2. */
  static final class UserError extends RuntimeException {
    UserError(String message) {
      super(message);
    }
  }
}
