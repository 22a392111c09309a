package io.sluice.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The base of tests that run the {@code sluice} command as a user does: {@link #sluice} runs it with
 * Sluice's own error handling, standard output is captured in {@link #out} (read it with {@link
 * #stdout()}) and error output in {@link #err}.
 */
abstract class CommandLineTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final StringWriter err = new StringWriter();
  private PrintStream originalOut;

  @BeforeEach
  void captureStdout() {
    originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(originalOut);
  }

  /** Runs {@code sluice args...}; returns its exit code. */
  int sluice(String... args) {
    CommandLine cli = SluiceCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** What the commands run so far printed on standard output. */
  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
