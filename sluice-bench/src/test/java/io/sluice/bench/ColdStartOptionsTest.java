package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ColdStart's command line and variants; the measuring itself is run by scripts/bench-cold-start, not by tests. */
class ColdStartOptionsTest {
  @TempDir Path dir;
  Path jar;
  Path runtime;
  Path storeJar;

  @BeforeEach
  void files() throws IOException {
    jar = Files.createFile(dir.resolve("deployment.jar"));
    runtime = Files.createDirectories(dir.resolve("runtime"));
    Files.createFile(runtime.resolve("aws-lambda-java-runtime-interface-client.jar"));
    Files.createFile(runtime.resolve("aws-lambda-java-core.jar"));
    Files.createFile(runtime.resolve("notes.txt"));
    storeJar = Files.createFile(dir.resolve("sluice-local.jar"));
  }

  @Test
  void parsesTheCommandLineWithItsDefaults() throws IOException {
    ColdStart.Options o = ColdStart.Options.parse(new String[] {"--jar", jar.toString(), "--runtime", runtime.toString(),
        "--store-jar", storeJar.toString(), "--work", dir.resolve("work").toString(),
        "--variant", "serial GC=-XX:+UseSerialGC  -Xmx256m"});

    assertThat(o.store()).isEqualTo("file");
    assertThat(o.runs()).isEqualTo(5);
    assertThat(o.jdks()).containsExactly(Path.of(System.getProperty("java.home")));
    assertThat(o.runtime()).extracting(p -> p.getFileName().toString())
        .containsExactly("aws-lambda-java-core.jar", "aws-lambda-java-runtime-interface-client.jar");
    assertThat(o.variants()).singleElement().satisfies(v -> {
      assertThat(v.name()).isEqualTo("serial GC");
      assertThat(v.options()).containsExactly("-XX:+UseSerialGC", "-Xmx256m");
      assertThat(v.sluice()).isTrue();
    });
    assertThat(dir.resolve("work")).isDirectory();
  }

  @Test
  void refusesAnIncompleteOrWrongCommandLineSayingWhatIsMissing() throws IOException {
    assertThatThrownBy(() -> parse("--runtime", runtime.toString()))
        .hasMessageStartingWith("--jar and --runtime are required").hasMessageContaining("Usage: ColdStart");
    assertThatThrownBy(() -> parse("--jar", jar.toString(), "--runtime", runtime.toString()))
        .hasMessageStartingWith("--store file needs --store-jar");
    assertThatThrownBy(() -> parse("--jar", jar.toString(), "--runtime", runtime.toString(), "--store", "s3"))
        .hasMessageStartingWith("--store s3 needs --s3mock");
    assertThatThrownBy(() -> parse("--jar", jar.toString(), "--runtime", runtime.toString(), "--store", "gcs"))
        .hasMessageStartingWith("--store gcs: give file or s3");
    assertThatThrownBy(() -> parse("--jar", dir.resolve("missing.jar").toString()))
        .hasMessageStartingWith("--jar " + dir.resolve("missing.jar") + ": no such file");
    assertThatThrownBy(() -> parse("--jar", jar.toString(), "--runtime", runtime.toString(), "--store-jar",
        storeJar.toString(), "--runs", "0")).hasMessageStartingWith("--runs must be at least 1");
    assertThatThrownBy(() -> parse("--variant", "no-equals-sign")).hasMessageContaining("write NAME=JVM OPTIONS");
    assertThatThrownBy(() -> parse("--jar")).hasMessageStartingWith("option --jar needs a value");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> parse("--jar", jar.toString(), "--runtime", empty.toString(), "--store-jar", storeJar.toString()))
        .hasMessageContaining(empty + " holds no aws-lambda-java-runtime-interface-client jar");
  }

  @Test
  void trainsEachArchiveThatItsVariantsUseAndOffersTheAotCacheFromJdk25Only() {
    List<ColdStart.Variant> jdk25 = ColdStart.variants(25, dir);
    List<ColdStart.Variant> jdk21 = ColdStart.variants(21, dir);

    assertThat(jdk25).extracting(ColdStart.Variant::name).contains("AOT cache (JDK 25+)");
    assertThat(jdk21).extracting(ColdStart.Variant::name).containsExactly("default", "AppCDS", "C1 only", "AppCDS + C1 only");
    // Every archive a variant starts with is the one some variant's training run writes.
    List<String> written = jdk25.stream().flatMap(v -> v.training().stream()).map(o -> o.substring(o.indexOf('=') + 1)).toList();
    for (ColdStart.Variant v : jdk25) {
      v.options().stream().filter(o -> o.startsWith("-XX:SharedArchiveFile=") || o.startsWith("-XX:AOTCache="))
          .forEach(o -> assertThat(written).as(v.name()).contains(o.substring(o.indexOf('=') + 1)));
    }
    assertThat(written).hasSize(2);
  }

  private void parse(String... args) throws IOException {
    ColdStart.Options.parse(args);
  }
}
