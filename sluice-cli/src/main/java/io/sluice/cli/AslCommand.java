package io.sluice.cli;

import io.sluice.Job;
import io.sluice.runtime.JobCatalog;
import io.sluice.loop.FunctionArns;
import io.sluice.loop.LoopDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice asl JOB}: prints the job's generated state machine. */
@Command(name = "asl", description = "Print the Amazon States Language definition generated for a job.")
final class AslCommand implements java.util.concurrent.Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "A job name (see `sluice jobs`) or a JobFactory class name.")
  String job;

  @Option(names = "--driver-arn", description = "The Driver function's ARN (default: the local runtime's).")
  String driverArn;

  @Option(names = "--executor-arn", description = "The Executor function's ARN (default: the local runtime's).")
  String executorArn;

  @Override
  public Integer call() throws Exception {
    Job j = JobCatalog.load(getClass().getClassLoader()).find(job);
    FunctionArns local = FunctionArns.local(j.name());
    FunctionArns arns = new FunctionArns(driverArn != null ? driverArn : local.driver(),
        executorArn != null ? executorArn : local.executor());
    System.out.println(CliJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(LoopDefinition.generate(j, arns)));
    return 0;
  }
}
