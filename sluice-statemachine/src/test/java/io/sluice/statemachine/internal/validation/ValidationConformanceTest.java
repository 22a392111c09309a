package io.sluice.statemachine.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.statemachine.DefinitionProblem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case under {@code conformance/validation/}: a definition and the JSON paths of the
 * problems it must be refused for (none for a valid definition). Each case is one test.
 */
class ValidationConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyCaseReportsExactlyItsExpectedProblems() throws IOException, URISyntaxException {
    URL dir = getClass().getClassLoader().getResource("conformance/validation");
    assertThat(dir).as("conformance/validation on the test classpath").isNotNull();
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of(dir.toURI()))) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(60);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
        file.toUri(), () -> check(file)));
  }

  private static void check(Path file) throws IOException {
    JsonNode testCase = JSON.readTree(file.toFile());
    List<DefinitionProblem> problems = DefinitionValidator.validate(testCase.get("definition"));
    TreeSet<String> expected = new TreeSet<>();
    testCase.get("expect").get("problems").forEach(p -> expected.add(p.asText()));
    TreeSet<String> actual = new TreeSet<>();
    problems.forEach(p -> actual.add(p.path()));
    assertThat(actual)
        .as("%s: problem paths; problems were %s", testCase.get("name").asText(), problems)
        .containsExactlyElementsOf(expected);
  }
}
