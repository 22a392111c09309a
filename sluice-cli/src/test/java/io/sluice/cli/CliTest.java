package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sluice command as a user meets it: exit codes, and one clear line for each mistake. */
class CliTest extends CommandLineTest {
  @Test
  void anUnknownJobIsAClearErrorNamingTheKnownJobs() {
    assertThat(sluice("run", "no-such-job", "--store", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown job 'no-such-job'. Known jobs: demo, tpch-join, tpch-q1, word-count.");
  }

  @Test
  void aBadOptionIsAClearError() {
    assertThat(sluice("run", "demo", "--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void anOptionThatIsNeitherTheCommandsNorADeclaredParameterIsRefusedNamingTheJobsParameters() {
    assertThat(sluice("run", "demo", "--store", dir.toString(), "--inptu", "input/other/")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Unknown option: '--inptu': it is no option of 'sluice run' and job 'demo' declares no parameter 'inptu'.")
        .contains("Its parameters (--NAME VALUE or -p NAME=VALUE): ")
        .contains("input (a string, default 'input/demo/'): the key prefix of the CSV objects to clean.");
    assertThat(stdout()).doesNotContain("Running job");
  }

  /** The words counted by each task of word-count run {@code run}, in order: its committed outputs' contents. */
  private List<Integer> wordsPerBook(String run) {
    io.sluice.store.ObjectStore store = new io.sluice.local.store.FileSystemObjectStore(dir);
    List<Integer> words = new ArrayList<>();
    for (io.sluice.store.ObjectInfo o : store.listAll("runs/" + run + "/")) {
      if (o.key().contains("/commits/")) {
        io.sluice.run.CommitRecord c = io.sluice.TestJson.parse(store.get(o.key()), io.sluice.run.CommitRecord.class, o.key());
        words.add(Integer.parseInt(new String(store.get(c.outputs().get("words.txt")), StandardCharsets.UTF_8)));
      }
    }
    java.util.Collections.sort(words);
    return words;
  }

  @Test
  void aDeclaredParameterIsAnOptionToo() throws Exception {
    // word-count reads input/books/ unless its input parameter says otherwise.
    Files.createDirectories(dir.resolve("input/books"));
    Files.writeString(dir.resolve("input/books/default.txt"), "not this one");
    Path shelf = Files.createDirectories(dir.resolve("shelf/two"));
    Files.writeString(shelf.resolve("one.txt"), "the other shelf");
    Files.writeString(shelf.resolve("two.txt"), "the end");
    List<Integer> expected = List.of(2, 3);

    assertThat(sluice("run", "word-count", "--store", dir.toString(), "--run-id", "p1", "--input", "shelf/two/"))
        .as(err.toString()).isZero();
    assertThat(wordsPerBook("p1")).isEqualTo(expected);
    // --NAME=VALUE, and before the job's name.
    assertThat(sluice("run", "--input=shelf/two/", "word-count", "--store", dir.toString(), "--run-id", "p2"))
        .as(err.toString()).isZero();
    assertThat(wordsPerBook("p2")).isEqualTo(expected);
    assertThat(sluice("run", "--input", "shelf/two/", "word-count", "--store", dir.toString(), "--run-id", "p3"))
        .as(err.toString()).isZero();
    assertThat(wordsPerBook("p3")).isEqualTo(expected);
    // The same as -p; and without either, the default.
    assertThat(sluice("run", "word-count", "--store", dir.toString(), "--run-id", "p4", "-p", "input=shelf/two/"))
        .as(err.toString()).isZero();
    assertThat(wordsPerBook("p4")).isEqualTo(expected);
    assertThat(sluice("run", "word-count", "--store", dir.toString(), "--run-id", "p5")).as(err.toString()).isZero();
    assertThat(wordsPerBook("p5")).isEqualTo(List.of(3));
  }

  @Test
  void theCommandsOwnOptionsWinOverAParameterOfTheSameName() {
    String job = ClashingParameterJob.class.getName();
    Path store = dir.resolve("the-store");
    assertThat(sluice("run", job, "--store", store.toString(), "--colour", "red")).as(err.toString()).isZero();
    assertThat(ClashingParameterJob.SEEN.get()).isEqualTo("none red");
    assertThat(Files.isDirectory(store.resolve("runs"))).as("--store is the command's option").isTrue();
    assertThat(sluice("run", job, "--store=" + store, "-p", "store=given", "--colour=blue")).as(err.toString()).isZero();
    assertThat(ClashingParameterJob.SEEN.get()).isEqualTo("given blue");
  }

  @Test
  void aDeclaredParameterOptionWithoutAValueIsAClearError() {
    assertThat(sluice("run", "word-count", "--store", dir.toString(), "--input")).isEqualTo(2);
    assertThat(err.toString()).contains("Option '--input' (a parameter of job 'word-count') needs a value: write --input VALUE");
    err.getBuffer().setLength(0);
    assertThat(sluice("run", "word-count", "--input", "--store", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Option '--input' (a parameter of job 'word-count') needs a value");
  }

  @Test
  void anUnknownParameterIsAClearErrorListingTheJobsParameters() {
    assertThat(sluice("run", "demo", "--store", dir.toString(), "-p", "inptu=input/other/")).isEqualTo(2);
    assertThat(err.toString()).contains("sluice: Job 'demo': no stage declares parameter 'inptu'. Its parameters: ")
        .contains("input"
        + " (a string, default 'input/demo/'): the key prefix of the CSV objects to clean.");
    assertThat(stdout()).doesNotContain("Running job");
  }

  @Test
  void aParameterWithAnEmptyNameIsAClearError() {
    assertThat(sluice("run", "word-count", "--store", dir.toString(), "-p", "=x")).isEqualTo(2);
    assertThat(err.toString()).contains("a parameter has an empty name (value 'x')");
  }

  @Test
  void missingInputFailsTheRunWithACauseThatSaysWhatToDo() {
    assertThat(sluice("run", "demo", "--store", dir.toString(), "--run-id", "r1")).isEqualTo(1);
    assertThat(stdout())
        .contains("FAILED run r1")
        .contains("error: Demo.NoInput")
        .contains("No input objects under 'input/demo/'")
        .contains("resume with: ./sluice run demo --resume r1 --store " + dir);
  }

  @Test
  void statusTellsWhereAFailedRunStandsAndHowToResumeIt() {
    assertThat(sluice("run", "demo", "--store", dir.toString(), "--run-id", "s1")).isEqualTo(1);
    out.reset();
    assertThat(sluice("status", "s1", "--store", dir.toString())).isZero();
    assertThat(stdout())
        .contains("job:        demo")
        .contains("status:     FAILED")
        .contains("error:      Demo.NoInput")
        .contains("resume:     ./sluice run demo --resume s1");
    assertThat(sluice("status", "nope", "--store", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Run 'nope' does not exist");
  }

  static io.sluice.function.InvocationContext invocation(String name) {
    return new io.sluice.function.InvocationContext() {
      final String id = java.util.UUID.randomUUID().toString();

      @Override
      public String requestId() {
        return id;
      }

      @Override
      public String functionName() {
        return name;
      }

      @Override
      public int memoryMb() {
        return 10240;
      }

      @Override
      public java.time.Duration remainingTime() {
        return java.time.Duration.ofMinutes(15);
      }
    };
  }

  @Test
  void statusCountsCommittedTasksFromTheCommitsAndSaysTheRunIsNotRunning() throws Exception {
    io.sluice.store.ObjectStore store = new io.sluice.local.store.FileSystemObjectStore(dir);
    io.sluice.Job job = io.sluice.Job.builder("counted").stage(io.sluice.Stage.named("many")
        .plan(ctx -> io.sluice.Plan.tasks(java.util.stream.IntStream.range(0, 21).mapToObj(io.sluice.TaskSpec::of).toList()))
        .run((task, ctx) -> io.sluice.TaskOutcome.done())
        .build()).build();
    var driver = new io.sluice.driver.DriverHandler(job, store, io.sluice.time.Clock.system());
    var decision = io.sluice.TestInvocation.call(driver,
        new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"run\": \"c1\", \"seq\": 0}"), invocation("driver"));
    // 21 tasks over 21 executors: six of them run, then the process dies.
    for (int g = 0; g < 6; g++) {
      io.sluice.TestInvocation.call(new io.sluice.executor.ExecutorHandler(job, store, io.sluice.time.Clock.system()),
          decision.path("groups").get(g), invocation("executor"));
    }
    assertThat(sluice("status", "c1", "--store", dir.toString())).isZero();
    assertThat(stdout())
        .contains("tasks 6/21 committed")
        .contains("not running (stopped or died)");
  }

  @Test
  void theRunSummarySaysWhatItsByteAndRequestCountsCount() {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    ProgressDisplay display = new ProgressDisplay(new PrintStream(shown, true, StandardCharsets.UTF_8), false);
    display.finish("demo", new io.sluice.local.RunResult("r1", true, null, null, java.time.Duration.ofSeconds(2), 21, 0,
        21, 0, 5, 1, 443_129_446L, 174_063_616L, 1_234, 56), dir.toString());
    assertThat(shown.toString(StandardCharsets.UTF_8))
        .contains("tasks read 422.6 MB in 1,234 requests and wrote 166.0 MB in 56 objects (all stages)");
    shown.reset();
    display.finish("demo", new io.sluice.local.RunResult("r2", true, null, null, java.time.Duration.ofSeconds(2), 1, 0,
        1, 0, 3, 1, 10, 0, 1, 1), dir.toString());
    assertThat(shown.toString(StandardCharsets.UTF_8)).contains("tasks read 10 B in 1 request and wrote 0 B in 1 object (all stages)");
  }

  @Test
  void theRunSummaryCountsTheRequestsAndObjectsOfTheCommittedTasks() throws Exception {
    Path books = dir.resolve("input/books");
    Files.createDirectories(books);
    Files.writeString(books.resolve("one.txt"), "three little words");
    Files.writeString(books.resolve("two.txt"), "two more words");
    assertThat(sluice("run", "word-count", "--store", dir.toString(), "--run-id", "wc")).as(err.toString()).isZero();
    // What the commit records of the run say, summed over every stage.
    io.sluice.store.ObjectStore store = new io.sluice.local.store.FileSystemObjectStore(dir);
    long requests = 0;
    long objects = 0;
    long commits = 0;
    for (io.sluice.store.ObjectInfo o : store.listAll("runs/wc/")) {
      if (o.key().contains("/commits/")) {
        io.sluice.run.CommitRecord c = io.sluice.TestJson.parse(store.get(o.key()), io.sluice.run.CommitRecord.class, o.key());
        requests += c.readRequests();
        objects += c.objectsWritten();
        commits++;
      }
    }
    assertThat(commits).isPositive();
    assertThat(requests).as("every word-count task reads").isPositive();
    assertThat(objects).isPositive();
    assertThat(stdout()).contains(" in " + ProgressDisplay.count(requests, "request") + " and wrote ")
        .contains(" in " + ProgressDisplay.count(objects, "object") + " (all stages)");
  }

  @Test
  void aslPrintsTheGeneratedLoop() {
    assertThat(sluice("asl", "demo")).isZero();
    assertThat(stdout()).contains("\"StartAt\" : \"Driver\"").contains("\"ItemsPath\" : \"$.groups\"");
  }

  @Test
  void resumingARunThatDoesNotExistIsAClearError() {
    assertThat(sluice("run", "demo", "--store", dir.toString(), "--resume", "never-ran")).isEqualTo(2);
    assertThat(err.toString()).contains("Run 'never-ran' does not exist").contains("nothing to resume");
  }

  @Test
  void sfnRunServesTaskStatesWithLocalCommands() throws Exception {
    Path def = dir.resolve("def.json");
    Files.writeString(def, """
        {"StartAt": "Add", "States": {
          "Add": {"Type": "Task", "Resource": "arn:aws:states:::local:add", "ResultPath": "$.sum", "End": true}}}
        """);
    Path input = dir.resolve("in.json");
    Files.writeString(input, "{\"a\": 2, \"b\": 3}");
    int code = sluice("sfn", "run", "--definition", def.toString(), "--input", input.toString(),
        "--task", "add=python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[\"a\"]+d[\"b\"])'");
    assertThat(code).as(err.toString() + stdout()).isZero();
    assertThat(stdout().strip()).isEqualTo("{\"a\":2,\"b\":3,\"sum\":5}");
  }

  @Test
  void sfnRunPrintsErrorAndCauseOfAFailedExecution() throws Exception {
    Path def = dir.resolve("def.json");
    Files.writeString(def, """
        {"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "Custom.Error", "Cause": "because"}}}
        """);
    assertThat(sluice("sfn", "run", "--definition", def.toString())).isEqualTo(1);
    assertThat(stdout()).contains("\"error\":\"Custom.Error\"").contains("\"cause\":\"because\"");
  }

  @Test
  void sfnValidateListsEveryProblemWithItsPath() throws Exception {
    Path def = dir.resolve("def.json");
    Files.writeString(def, """
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}, "B": {"Type": "Succeed"}}}
        """);
    assertThat(sluice("sfn", "validate", def.toString())).isEqualTo(1);
    assertThat(stdout()).contains("invalid:").contains("$.States.A.Next").contains("$.States.B");
  }

  @Test
  void sfnRunServesASluiceJobsLambdasWithItsOwnHandlers() throws Exception {
    io.sluice.local.store.FileSystemObjectStore store = new io.sluice.local.store.FileSystemObjectStore(dir.resolve("store"));
    io.sluice.examples.demo.DemoData.generate(store, io.sluice.examples.demo.DemoJob.INPUT_PREFIX, 200_000, 1);
    assertThat(sluice("asl", "demo")).isZero();
    Path def = dir.resolve("demo.json");
    Files.writeString(def, stdout());
    out.reset();
    Path input = dir.resolve("in.json");
    Files.writeString(input, "{\"run\": \"via-sfn\", \"seq\": 0}");
    int code = sluice("sfn", "run", "--definition", def.toString(), "--input", input.toString(), "--job", "demo",
        "--store", dir.resolve("store").toString());
    assertThat(code).as(err.toString() + stdout()).isZero();
    assertThat(stdout()).contains("\"action\":\"succeed\"");
    assertThat(store.exists(io.sluice.examples.demo.RevenueStage.reportKey("via-sfn"))).isTrue();
  }

  @Test
  void aMissingDefinitionFileIsAClearError() {
    assertThat(sluice("sfn", "run", "--definition", dir.resolve("nope.json").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Definition file not found");
  }

  @Test
  void helpAfterASubcommandPrintsThatCommandsUsage() {
    assertThat(sluice("run", "--help")).isZero();
    assertThat(stdout()).contains("Usage: sluice run").contains("--resume");
    out.reset();
    assertThat(sluice("demo", "--help")).isZero();
    assertThat(stdout()).contains("Usage: sluice demo").contains("--size");
    out.reset();
    assertThat(sluice("sfn", "--help")).isZero();
    assertThat(stdout()).contains("Usage: sluice sfn");
    out.reset();
    assertThat(sluice("sfn", "run", "-h")).isZero();
    assertThat(stdout()).contains("Usage: sluice sfn run");
    assertThat(err.toString()).doesNotContain("Unknown option");
  }

  @Test
  void aStoreThatIsAFileIsOneClearLine() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThat(sluice("run", "word-count", "--store", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--store " + file + " is a file").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(sluice("status", "r1", "--store", file.toString())).isEqualTo(2);
    assertThat(err.toString().lines().filter(l -> l.startsWith("\tat ")).toList()).isEmpty();
  }

  @Test
  void aCorruptStoreObjectIsOneClearLineNamingIt() throws Exception {
    Path runFile = dir.resolve("runs/bad/run.json");
    Files.createDirectories(runFile.getParent());
    Files.writeString(runFile, "{not json");
    int code = sluice("status", "bad", "--store", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("runs/bad/run.json");
    assertThat(err.toString().lines().filter(l -> l.strip().startsWith("at ")).toList()).isEmpty();
  }

  @Test
  void theDemoGeneratesItsInputOncePerSizeAndSeedAndDeletesNothingElse() throws Exception {
    Path store = dir.resolve("store");
    Path foreign = store.resolve("input/demo/README.txt");
    Files.createDirectories(foreign.getParent());
    Files.writeString(foreign, "the user's own file\n");
    assertThat(sluice("demo", "--size", "1", "--store", store.toString(), "--run-id", "d1")).as(err.toString()).isZero();
    Path day = store.resolve("input/demo/orders-2026-11-01.csv");
    long generatedAt = Files.getLastModifiedTime(day).toMillis();
    byte[] first = Files.readAllBytes(day);
    Thread.sleep(20); // so that a rewrite would show in the modification time
    assertThat(sluice("demo", "--size", "1", "--store", store.toString(), "--run-id", "d2")).as(err.toString()).isZero();
    assertThat(Files.getLastModifiedTime(day).toMillis()).as("the same size and seed is not generated again").isEqualTo(generatedAt);
    assertThat(Files.readString(foreign)).isEqualTo("the user's own file\n");
    assertThat(sluice("demo", "--size", "2", "--store", store.toString(), "--run-id", "d3")).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(day)).as("another size is generated").isNotEqualTo(first);
    assertThat(Files.readString(foreign)).isEqualTo("the user's own file\n");
    assertThat(stdout()).contains("Revenue per tenant per day");
  }

  @Test
  void theDemoCommandReadsTheSummaryWhereTheDemoJobWritesIt() {
    assertThat(DemoCommand.summaryKey("r-7")).isEqualTo(io.sluice.examples.demo.RevenueStage.summaryKey("r-7"));
  }

  @Test
  void gcDeletesFinishedRunsAndKeepsWhatCanStillBeResumed() throws Exception {
    Path books = dir.resolve("input/books/one.txt");
    Files.createDirectories(books.getParent());
    Files.writeString(books, "three little words");
    assertThat(sluice("run", "word-count", "--store", dir.toString(), "--run-id", "ok")).as(err.toString()).isZero();
    assertThat(sluice("run", "demo", "--store", dir.toString(), "--run-id", "bad")).isEqualTo(1);
    Files.createDirectories(dir.resolve("runs/stray"));
    Files.writeString(dir.resolve("runs/stray/notes.txt"), "not a run");
    out.reset();

    assertThat(sluice("gc", "--store", dir.toString(), "--dry-run")).isZero();
    assertThat(stdout()).contains("would delete ok:").contains("kept    bad: failed").contains("kept    stray:");
    assertThat(Files.isDirectory(dir.resolve("runs/ok"))).isTrue();

    out.reset();
    assertThat(sluice("gc", "--store", dir.toString(), "--older-than", "7d")).isZero();
    assertThat(stdout()).contains("kept    ok: ended").contains("gc: deleted 0 run(s)");
    assertThat(Files.isDirectory(dir.resolve("runs/ok"))).isTrue();

    out.reset();
    assertThat(sluice("gc", "--store", dir.toString())).isZero();
    assertThat(Files.exists(dir.resolve("runs/ok"))).isFalse();
    assertThat(Files.isDirectory(dir.resolve("runs/bad"))).as("a failed run stays resumable").isTrue();
    assertThat(Files.readString(books)).as("inputs are not a run's data").isEqualTo("three little words");

    assertThat(sluice("gc", "--store", dir.toString(), "--include-failed")).isZero();
    assertThat(Files.exists(dir.resolve("runs/bad"))).isFalse();
    assertThat(Files.readString(dir.resolve("runs/stray/notes.txt"))).isEqualTo("not a run");
    assertThat(sluice("gc", "--store", dir.toString(), "--older-than", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("--older-than soon");
  }

  @Test
  void aRunThatFailsForGoodShowsTheFunctionsMessageAndNoResumeAdvice() throws Exception {
    assertThat(sluice("run", "demo", "--store", dir.toString(), "--run-id", "cs")).isEqualTo(1);
    Path driver = dir.resolve("runs/cs/driver");
    Path last;
    try (var files = Files.list(driver)) {
      last = files.filter(p -> !p.getFileName().toString().startsWith("latest")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    Files.writeString(last, "{}");
    out.reset();
    assertThat(sluice("run", "demo", "--store", dir.toString(), "--resume", "cs")).isEqualTo(1);
    assertThat(stdout())
        .contains("error: Sluice.CorruptState")
        .contains("cause: Corrupt driver state in runs/cs/driver/")
        .doesNotContain("errorMessage")
        .doesNotContain("resume with:")
        .contains("resuming will not help until the cause above is fixed");
  }
}
