package io.sluice.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a store cleans {@code .sluice-tmp/} of the files of writers that are no longer running, and
 * only of those: several stores and processes share one root.
 */
class TemporaryAreaCleanupTest {
  @TempDir Path dir;

  @Test
  void temporaryFilesOfAKilledWriterAreRemovedWhenAStoreIsOpened() throws Exception {
    Path root = dir.resolve("store");
    for (int run = 0; run < 3; run++) { // three interrupted runs
      Process writer = startWriter(root, "runs/r" + run + "/out/part-0");
      writer.destroyForcibly();
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(temporaryFiles(root)).as("left by the last killed writer at least").isNotEmpty();

    new FileSystemObjectStore(root); // each writer's own store cleaned its predecessors' files too

    assertThat(temporaryFiles(root)).isEmpty();
  }

  @Test
  void temporaryFilesOfAWriterStillRunningInAnotherProcessAreKept() throws Exception {
    Path root = dir.resolve("store");
    Process writer = startWriter(root, "out/part-0");
    try {
      FileSystemObjectStore store = new FileSystemObjectStore(root);

      assertThat(temporaryFiles(root)).hasSize(1);
      Writer toWriter = new OutputStreamWriter(writer.getOutputStream(), StandardCharsets.UTF_8);
      toWriter.write("commit\n");
      toWriter.flush();
      assertThat(new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8)).readLine())
          .isEqualTo("committed");
      assertThat(store.stat("out/part-0").orElseThrow().size()).isEqualTo(1 << 20);
    } finally {
      writer.destroyForcibly();
      writer.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void temporaryFilesOfAnotherStoreOfThisProcessAreKept() throws IOException {
    Path root = dir.resolve("store");
    FileSystemObjectStore first = new FileSystemObjectStore(root);
    var out = first.create("k");
    out.write(new byte[100]);
    out.flush();

    new FileSystemObjectStore(root);

    out.close();
    assertThat(first.stat("k").orElseThrow().size()).isEqualTo(100);
  }

  @Test
  void filesOfAReusedProcessIdOrAnUnknownOriginAreJudgedByStartTimeAndAge() throws IOException {
    Path root = dir.resolve("store");
    new FileSystemObjectStore(root);
    TemporaryArea.Writer self = TemporaryArea.Writer.current();
    Path shard = root.resolve(FileSystemObjectStore.TEMP_AREA).resolve("0");
    Path reusedPid = Files.writeString(shard.resolve(
        new TemporaryArea.Writer(self.pid(), "1", self.host()).fileName("aa")), "pid reused by this process");
    Path freshForeign = Files.writeString(shard.resolve(
        new TemporaryArea.Writer(self.pid(), self.start(), "f00d").fileName("bb")), "another container, writing");
    Path oldForeign = Files.writeString(shard.resolve(
        new TemporaryArea.Writer(self.pid(), self.start(), "f00d").fileName("cc")), "another container, long gone");
    Path freshLegacy = Files.writeString(shard.resolve("0b7c5e1a.tmp"), "an older version, maybe writing");
    Path oldLegacy = Files.writeString(root.resolve(FileSystemObjectStore.TEMP_AREA).resolve("1f2e.tmp"), "older, gone");
    java.nio.file.attribute.FileTime twoDaysAgo =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2)));
    Files.setLastModifiedTime(oldForeign, twoDaysAgo);
    Files.setLastModifiedTime(oldLegacy, twoDaysAgo);

    new FileSystemObjectStore(root);

    assertThat(temporaryFiles(root)).containsExactlyInAnyOrder(freshForeign, freshLegacy);
    assertThat(reusedPid).doesNotExist();
  }

  @Test
  void theWriterOfAStagedFileIsNamedInItsFileName() throws IOException {
    Path root = dir.resolve("store");
    FileSystemObjectStore store = new FileSystemObjectStore(root);
    TemporaryArea.Writer self = TemporaryArea.Writer.current();
    try (var out = store.create("k")) {
      out.write(1);

      assertThat(temporaryFiles(root)).singleElement()
          .satisfies(p -> assertThat(p.getFileName().toString())
              .startsWith("w" + ProcessHandle.current().pid() + "-" + self.start() + "-" + self.host() + "-"));
    }
  }

  /** Starts a writer process and waits until its temporary file holds 1 MiB. */
  private static Process startWriter(Path root, String key) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(
            java.toString(), "-cp", System.getProperty("java.class.path"), AbandonedWriter.class.getName(),
            root.toString(), key)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(line).as("the writer process started").isEqualTo("written");
    return process;
  }

  private static List<Path> temporaryFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root.resolve(FileSystemObjectStore.TEMP_AREA))) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
