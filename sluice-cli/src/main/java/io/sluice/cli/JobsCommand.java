package io.sluice.cli;

import io.sluice.runtime.JobCatalog;
import io.sluice.JobFactory;
import picocli.CommandLine.Command;

/** {@code sluice jobs}: the jobs the command can find by name. */
@Command(name = "jobs", description = "List the jobs that can be run by name.")
final class JobsCommand implements Runnable {
  @Override
  public void run() {
    for (JobFactory f : JobCatalog.load(getClass().getClassLoader()).factories()) {
      System.out.printf("%-20s %s%n", f.name(), f.description());
    }
  }
}
