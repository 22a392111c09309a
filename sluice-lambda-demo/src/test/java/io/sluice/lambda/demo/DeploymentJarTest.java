package io.sluice.lambda.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the deployment jar {@code target/sluice-lambda-demo.jar}, read from the jar that the
 * build just shaded (this test runs in the package phase, after the shade plugin): what must be in it
 * for the two handlers to start on the managed java21 runtime, and what must not be, to keep it lean.
 */
class DeploymentJarTest {
  private static Path jar;
  private static Set<String> entries;

  @BeforeAll
  static void readTheJar() throws IOException {
    String location = System.getProperty("sluice.lambda.jar");
    assertThat(location).as("system property sluice.lambda.jar (set by this module's pom)").isNotBlank();
    jar = Path.of(location);
    assertThat(jar).as("the shaded jar: run this test through Maven's package phase").isRegularFile();
    entries = new TreeSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Collections.list(zip.entries()).forEach(e -> entries.add(e.getName()));
    }
  }

  @Test
  void holdsBothHandlersAndTheExampleJobs() {
    assertThat(entries).contains(
        "io/sluice/aws/lambda/DriverFunction.class",
        "io/sluice/aws/lambda/ExecutorFunction.class",
        "io/sluice/aws/lambda/SluiceFunction.class",
        "io/sluice/aws/lambda/LambdaFailure.class",
        "io/sluice/driver/DriverHandler.class",
        "io/sluice/executor/ExecutorHandler.class",
        "io/sluice/examples/demo/DemoJob.class",
        "io/sluice/examples/wordcount/WordCount.class",
        "io/sluice/aws/s3/S3StoreProvider.class",
        // what the handlers' classes need at run time from outside Sluice
        "com/amazonaws/services/lambda/runtime/RequestStreamHandler.class",
        "org/crac/Resource.class",
        "com/fasterxml/jackson/databind/ObjectMapper.class",
        "software/amazon/awssdk/services/s3/S3Client.class",
        "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
        "org/slf4j/simple/SimpleLogger.class");
  }

  @Test
  void holdsNoHeavyHttpClientAndNothingOnlyTheLocalRuntimeUses() {
    assertThat(withPrefix("io/netty/", "org/apache/http/", "org/apache/hc/",
        "software/amazon/awssdk/http/nio/netty/", "software/amazon/awssdk/http/apache/",
        "software/amazon/awssdk/http/apache5/", "software/amazon/awssdk/http/crt/"))
        .as("Netty and Apache HTTP clients").isEmpty();
    assertThat(withPrefix("io/sluice/local/", "io/sluice/cli/", "io/sluice/statemachine/", "picocli/",
        "com/jayway/jsonpath/", "com/dashjoin/"))
        .as("the local runtime, the CLI and the state machine interpreter (Step Functions runs the loop on AWS)").isEmpty();
    assertThat(withPrefix("software/amazon/awssdk/services/ssm/", "io/sluice/aws/ssm/",
        "software/amazon/awssdk/services/dynamodb/", "software/amazon/awssdk/services/sfn/"))
        .as("service clients nothing in the jar calls").isEmpty();
    assertThat(withPrefix("com/amazonaws/services/lambda/runtime/api/client/", "jni/"))
        .as("the runtime interface client: the managed java21 runtime brings its own").isEmpty();
    assertThat(withPrefix("org/junit/", "org/assertj/")).isEmpty();
  }

  @Test
  void mergesTheServiceLoaderFilesOfEveryModule() throws IOException {
    assertThat(services("io.sluice.JobFactory"))
        .containsExactlyInAnyOrder("io.sluice.examples.demo.DemoJob", "io.sluice.examples.wordcount.WordCount",
            "io.sluice.examples.tpch.TpchQ1", "io.sluice.examples.tpch.TpchJoin");
    assertThat(services("io.sluice.store.ObjectStoreProvider")).containsExactly("io.sluice.aws.s3.S3StoreProvider");
    assertThat(services("software.amazon.awssdk.http.SdkHttpService"))
        .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    assertThat(services("org.slf4j.spi.SLF4JServiceProvider")).containsExactly("org.slf4j.simple.SimpleServiceProvider");
    // Every provider named in a service file is a class of the jar.
    List<String> serviceFiles = entries.stream().filter(e -> e.startsWith("META-INF/services/") && !e.endsWith("/")).toList();
    assertThat(serviceFiles).hasSizeGreaterThanOrEqualTo(4);
    for (String service : serviceFiles) {
      for (String provider : services(service.substring("META-INF/services/".length()))) {
        assertThat(entries).as("provider of " + service).contains(provider.replace('.', '/') + ".class");
      }
    }
  }

  @Test
  void findsTheJobsAndTheS3StoreThroughItsOwnServiceFilesAlone() throws Exception {
    // A class loader that sees the jar and the JDK only: what the java21 runtime's class path gives.
    try (URLClassLoader lambda = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> catalog = Class.forName("io.sluice.runtime.JobCatalog", true, lambda);
      Object jobs = catalog.getMethod("load", ClassLoader.class).invoke(null, lambda);
      Method find = catalog.getMethod("find", String.class);
      for (String name : List.of("demo", "word-count")) {
        Object job = find.invoke(jobs, name);
        assertThat(job.getClass().getClassLoader()).isSameAs(lambda);
        assertThat(job.getClass().getMethod("name").invoke(job)).isEqualTo(name);
      }
      Class<?> provider = Class.forName("io.sluice.store.ObjectStoreProvider", false, lambda);
      List<String> schemes = new ArrayList<>();
      for (Object p : java.util.ServiceLoader.load(provider, lambda)) {
        schemes.add((String) provider.getMethod("scheme").invoke(p));
      }
      assertThat(schemes).containsExactly("s3");
      // The handler classes link against what is in the jar (no NoClassDefFoundError on loading).
      for (String handler : List.of("io.sluice.aws.lambda.DriverFunction", "io.sluice.aws.lambda.ExecutorFunction")) {
        Class<?> c = Class.forName(handler, true, lambda);
        assertThat(c.getMethod("handleRequest", InputStream.class, java.io.OutputStream.class,
            Class.forName("com.amazonaws.services.lambda.runtime.Context", false, lambda))).isNotNull();
        assertThat(c.getConstructor()).isNotNull();
      }
    }
  }

  @Test
  void staysWellUnderLambdasSizeLimits() throws IOException {
    // 50 MB is Lambda's limit for a zip uploaded directly, 250 MB unzipped. Since the demo writes
    // Parquet the jar carries parquet-java and the few Hadoop classes it needs (29 MB in all,
    // docs/aws.md); the bound catches a heavy dependency coming back (Netty alone is ~4 MB).
    assertThat(Files.size(jar)).isLessThan(32L << 20);
  }

  @Test
  void theRuntimeInterfaceClientIsCopiedBesideTheJarForContainerImagesAndTheBenchmark() {
    Path runtime = Path.of(System.getProperty("sluice.lambda.runtime"));
    assertThat(runtime.resolve("aws-lambda-java-runtime-interface-client.jar")).isRegularFile();
    assertThat(runtime.resolve("aws-lambda-java-serialization.jar")).isRegularFile();
  }

  /** The entries under any of {@code prefixes}, at most 20 (a short failure message). */
  private static List<String> withPrefix(String... prefixes) {
    List<String> found = new ArrayList<>();
    for (String e : entries) {
      for (String p : prefixes) {
        if (e.startsWith(p)) {
          found.add(e);
          break;
        }
      }
    }
    return found.size() > 20 ? found.subList(0, 20) : found;
  }

  /** The provider class names listed in META-INF/services/{@code service}, comments dropped. */
  private static List<String> services(String service) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry("META-INF/services/" + service);
      assertThat(entry).as("META-INF/services/" + service).isNotNull();
      String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }
  }
}
