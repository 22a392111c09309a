package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import io.sluice.internal.RunLayout;
import io.sluice.internal.RunState;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice status RUN}: what a run did and where it stands, read from the store alone. */
@Command(name = "status", description = "Show where a run stands (stage, tasks, last decision, error), read from the store.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
  String run;

  @Option(names = "--store", paramLabel = "DIR", description = "The local object store's directory (default: ${DEFAULT-VALUE}).")
  Path store = Path.of("data", "store");

  @Override
  public Integer call() {
    if (!Files.isDirectory(store)) {
      throw new SluiceCommand.UserError("No store at " + store.toAbsolutePath().normalize() + ": pass --store DIR");
    }
    ObjectStore objects = new FileSystemObjectStore(store);
    RunLayout layout = new RunLayout(run);
    JsonNode info;
    try {
      info = Json.parse(objects.get(layout.runFile()), layout.runFile());
    } catch (ObjectNotFoundException e) {
      throw new SluiceCommand.UserError("Run '" + run + "' does not exist in " + store.toAbsolutePath().normalize());
    }
    java.util.OptionalLong latest = RunState.latestSeq(objects, layout);
    System.out.println("run:        " + run);
    System.out.println("job:        " + info.path("job").asText());
    System.out.println("started:    " + info.path("started").asText());
    System.out.println("parameters: " + info.path("parameters"));
    if (latest.isEmpty()) {
      System.out.println("status:     started, no driver step recorded yet");
      return 0;
    }
    long steps = latest.getAsLong();
    String last = layout.driverState(steps);
    JsonNode state = Json.parse(objects.get(last), last);
    JsonNode decision = state.path("decision");
    String action = decision.path("action").asText();
    System.out.println("driver:     " + steps + " step(s), last decision '" + action + "'");
    if ("ENDED".equals(state.path("phase").asText())) {
      System.out.println("stage:      all " + state.path("stage").asInt() + " stage(s) done");
    } else {
      System.out.println("stage:      #" + (state.path("stage").asInt() + 1) + ", phase " + state.path("phase").asText()
          + ", micro-batch " + state.path("batch").asInt() + ", tasks " + state.path("tasksCommitted").asInt() + "/"
          + state.path("tasksTotal").asInt() + " committed");
    }
    switch (action) {
      case "succeed" -> System.out.println("status:     SUCCEEDED");
      case "fail" -> {
        System.out.println("status:     FAILED");
        System.out.println("error:      " + decision.path("error").asText());
        System.out.println("cause:      " + decision.path("cause").asText());
        System.out.println("resume:     ./sluice run " + info.path("job").asText() + " --resume " + run + " --store " + store);
      }
      default -> {
        System.out.println("status:     not finished (running, or stopped before its end)");
        System.out.println("resume:     ./sluice run " + info.path("job").asText() + " --resume " + run + " --store " + store);
      }
    }
    return 0;
  }
}
