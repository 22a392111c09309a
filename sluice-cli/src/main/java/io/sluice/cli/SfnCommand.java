package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.HistoryEvent;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.InvalidDefinitionException;
import io.sluice.statemachine.StateMachine;
import io.sluice.runtime.JobCatalog;
import io.sluice.local.LocalRuntime;
import io.sluice.statemachine.tasks.CommandTaskInvoker;
import io.sluice.statemachine.tasks.ResourceInvoker;
import io.sluice.statemachine.tasks.TaskInvokers;
import io.sluice.local.store.FileSystemObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice sfn}: run or validate any state machine definition locally. */
@Command(name = "sfn", description = "Run or validate any Amazon States Language definition locally.",
    subcommands = {SfnCommand.Run.class, SfnCommand.Validate.class})
final class SfnCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static JsonNode readJson(Path file, String what) {
    try {
      return CliJson.MAPPER.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new SluiceCommand.UserError(what + " file not found: " + file);
    } catch (IOException e) {
      throw new SluiceCommand.UserError(what + " file " + file + " is not valid JSON: " + e.getMessage());
    }
  }

  @Command(name = "run", description = {
      "Run a definition. Prints the output as JSON (or {\"error\", \"cause\"}); exit code 0 on success, 1 on failure.",
      "Task states call local commands: --task NAME=COMMAND runs COMMAND with the task's input as JSON on stdin and"
          + " reads its result as JSON from stdout (NAME is the Resource, or the last ':'-separated part of it)."})
  static final class Run implements Callable<Integer> {
    @Option(names = "--definition", required = true, paramLabel = "FILE", description = "The state machine definition (JSON).")
    Path definition;

    @Option(names = "--input", paramLabel = "FILE", description = "The execution's input (JSON); default {}.")
    Path input;

    @Option(names = "--task", paramLabel = "NAME=COMMAND", description = "A Task resource and the command that serves it; repeatable.")
    Map<String, String> tasks = new LinkedHashMap<>();

    @Option(names = "--history", description = "Print the execution history (one event per line) before the output.")
    boolean history;

    @Option(names = "--store", paramLabel = "DIR", description = "Directory that Distributed Map item readers and result writers use as S3 (bucket = top folder), and the store of --job.")
    Path store;

    @Option(names = "--job", paramLabel = "JOB", description = "Serve the Lambda resources of this Sluice job (see `sluice asl JOB`) with the job's own Driver and Executor handlers.")
    String job;

    @Override
    public Integer call() throws Exception {
      JsonNode def = readJson(definition, "Definition");
      JsonNode in = input == null ? CliJson.object() : readJson(input, "Input");
      StateMachine sm = StateMachine.parse(def);
      ResourceInvoker commands = new CommandTaskInvoker(byResource(def, tasks));
      LocalRuntime runtime = null;
      ResourceInvoker invoker = commands;
      if (job != null) {
        runtime = LocalRuntime.builder(JobCatalog.load(getClass().getClassLoader()).find(job))
            .storeDir(store != null ? store : Path.of("data", "store")).build();
        invoker = TaskInvokers.firstKnowing(TaskInvokers.forResources(Map.of(
            runtime.arns().driver(), runtime.functions(), runtime.arns().executor(), runtime.functions())), commands);
      }
      Interpreter.Builder b = Interpreter.builder().taskInvoker(invoker);
      if (store != null) {
        b.objectSource(LocalRuntime.interpreterObjects(new FileSystemObjectStore(store)));
      }
      ExecutionResult r;
      try {
        r = b.build().run(sm, in);
      } finally {
        if (runtime != null) {
          runtime.close();
        }
      }
      if (history) {
        for (HistoryEvent e : r.history()) {
          ObjectNode o = CliJson.object();
          o.put("id", e.id());
          o.put("previousEventId", e.previousEventId());
          o.put("type", e.type());
          o.put("timestamp", e.timestamp().toString());
          if (e.details() != null) {
            o.setAll(e.details());
          }
          System.out.println(o);
        }
      }
      if (r.succeeded()) {
        System.out.println(CliJson.MAPPER.writeValueAsString(r.output()));
        return 0;
      }
      ObjectNode err = CliJson.object();
      err.put("status", r.status().name());
      err.put("error", r.error());
      err.put("cause", r.cause());
      System.out.println(err);
      return 1;
    }
  }

  /**
   * Maps each Task resource of the definition to the command named for it: by the whole resource,
   * or by its last ':'-separated part (a Lambda function's name, a local resource's name).
   */
  static Map<String, String> byResource(JsonNode definition, Map<String, String> tasks) {
    Map<String, String> commands = new LinkedHashMap<>(tasks);
    List<String> resources = new java.util.ArrayList<>();
    collectResources(definition, resources);
    for (String resource : resources) {
      String shortName = resource.substring(resource.lastIndexOf(':') + 1);
      if (!commands.containsKey(resource) && tasks.containsKey(shortName)) {
        commands.put(resource, tasks.get(shortName));
      }
    }
    return commands;
  }

  private static void collectResources(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode r = node.get("Resource");
      if (r != null && r.isTextual() && "Task".equals(node.path("Type").asText())) {
        out.add(r.asText());
      }
      node.elements().forEachRemaining(child -> collectResources(child, out));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectResources(child, out));
    }
  }

  @Command(name = "validate", description = "Validate a definition as Step Functions would; prints each problem with its JSON path.")
  static final class Validate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    Path definition;

    @Override
    public Integer call() {
      try {
        StateMachine.parse(readJson(definition, "Definition"));
        System.out.println("valid: " + definition);
        return 0;
      } catch (InvalidDefinitionException e) {
        List<String> lines = e.problems().stream().map(Object::toString).toList();
        System.out.println("invalid: " + definition + " (" + lines.size() + " problem" + (lines.size() == 1 ? "" : "s") + ")");
        lines.forEach(l -> System.out.println("  " + l));
        return 1;
      }
    }
  }
}
