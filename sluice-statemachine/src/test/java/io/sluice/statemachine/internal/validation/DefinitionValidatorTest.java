package io.sluice.statemachine.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.DefinitionProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<DefinitionProblem> validate(String json) {
    try {
      return DefinitionValidator.validate(JSON.readTree(json.replace('\'', '"')));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> paths(List<DefinitionProblem> problems) {
    return problems.stream().map(DefinitionProblem::path).toList();
  }

  private static DefinitionProblem only(List<DefinitionProblem> problems) {
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Test
  void acceptsTheSmallestDefinition() {
    assertThat(validate("{'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}")).isEmpty();
  }

  @Test
  void refusesADefinitionThatIsNotAnObject() {
    assertThat(paths(DefinitionValidator.validate(JSON.createArrayNode()))).containsExactly("$");
    assertThat(paths(DefinitionValidator.validate(NullNode.getInstance()))).containsExactly("$");
    assertThat(paths(DefinitionValidator.validate(null))).containsExactly("$");
  }

  @Test
  void refusesNextToMissingState() {
    DefinitionProblem problem = only(validate("""
        {'StartAt': 'A', 'States': {
          'A': {'Type': 'Pass', 'Next': 'Nowhere'}, 'B': {'Type': 'Pass', 'Next': 'A'}, 'C': {'Type': 'Succeed'}}}
        """).stream().filter(p -> p.path().endsWith(".Next")).toList());
    assertThat(problem.path()).isEqualTo("$.States.A.Next");
    assertThat(problem.message()).contains("no state named 'Nowhere'");
  }

  @Test
  void refusesUnreachableState() {
    DefinitionProblem problem = only(validate("""
        {'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}, 'Orphan': {'Type': 'Pass', 'End': true}}}
        """));
    assertThat(problem.path()).isEqualTo("$.States.Orphan");
    assertThat(problem.message()).contains("unreachable");
  }

  @Test
  void followsCatchersAndChoiceDefaultsWhenLookingForReachableStates() {
    assertThat(validate("""
        {'StartAt': 'T', 'States': {
          'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Next': 'C',
                'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Caught'}]},
          'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsNull': true, 'Next': 'Null'}], 'Default': 'Other'},
          'Caught': {'Type': 'Fail'}, 'Null': {'Type': 'Succeed'}, 'Other': {'Type': 'Succeed'}}}
        """)).isEmpty();
  }

  @Test
  void refusesJsonPathFieldsUnderJsonata() {
    List<DefinitionProblem> problems = validate("""
        {'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {
          'A': {'Type': 'Pass', 'InputPath': '$.a', 'Parameters': {'x.$': '$.x'}, 'ResultPath': '$.r',
                'OutputPath': '$', 'End': true}}}
        """);
    assertThat(paths(problems)).containsExactlyInAnyOrder("$.States.A.InputPath",
        "$.States.A.Parameters", "$.States.A.ResultPath", "$.States.A.OutputPath");
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("JSONPath field", "JSONata"));
  }

  @Test
  void refusesJsonataFieldsUnderJsonPath() {
    List<DefinitionProblem> problems = validate("""
        {'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
          'Arguments': {}, 'Output': {}, 'End': true}}}
        """);
    assertThat(paths(problems)).containsExactlyInAnyOrder("$.States.A.Arguments", "$.States.A.Output");
    assertThat(problems.get(0).message()).contains("JSONata field", "QueryLanguage");
  }

  @Test
  void letsOneStateUseJsonataInAJsonPathMachineButNotTheReverse() {
    assertThat(validate("""
        {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'QueryLanguage': 'JSONata',
          'Output': '{% $states.input.x %}', 'End': true}}}
        """)).isEmpty();
    DefinitionProblem problem = only(validate("""
        {'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Pass',
          'QueryLanguage': 'JSONPath', 'End': true}}}
        """));
    assertThat(problem.path()).isEqualTo("$.States.A.QueryLanguage");
  }

  @Test
  void refusesJsonataThatDoesNotCompile() {
    DefinitionProblem problem = only(validate("""
        {'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Pass',
          'Output': {'list': [1, '{% $states.input.( %}']}, 'End': true}}}
        """));
    assertThat(problem.path()).isEqualTo("$.States.A.Output.list[1]");
    assertThat(problem.message()).contains("does not compile");
  }

  @Test
  void treatsStringsWithoutJsonataDelimitersAsLiterals() {
    assertThat(validate("""
        {'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Pass',
          'Output': {'a': '$.not.a.path', 'b': 'half {% open', 'c': '(( unbalanced'}, 'End': true}}}
        """)).isEmpty();
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    List<DefinitionProblem> problems = validate("""
        {'StartAt': 'Route', 'Extra': 1, 'States': {
          'Route': {'Type': 'Choice', 'Choices': [{'Variable': '$.k', 'StringEquals': 1, 'Next': 'Gone'}],
                    'Default': 'Work'},
          'Work': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'TimeoutSeconds': 0,
                   'Retry': [{'ErrorEquals': ['States.ALL'], 'BackoffRate': 0.5}], 'End': true},
          'My state': {'Type': 'Wait', 'End': true}}}
        """);
    assertThat(paths(problems)).containsExactlyInAnyOrder(
        "$.Extra",
        "$.States.Route.Choices[0].StringEquals",
        "$.States.Route.Choices[0].Next",
        "$.States.Work.TimeoutSeconds",
        "$.States.Work.Retry[0].BackoffRate",
        "$.States['My state']",
        "$.States['My state']");
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
  }

  @Test
  void refusesTransitionsThatLeaveAParallelBranch() {
    DefinitionProblem problem = only(validate("""
        {'StartAt': 'P', 'States': {
          'P': {'Type': 'Parallel', 'End': true, 'Branches': [
            {'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'Next': 'Out'}, 'B2': {'Type': 'Succeed'}}}]},
          'Out': {'Type': 'Pass', 'End': true}}}
        """).stream().filter(p -> p.path().endsWith("Next")).toList());
    assertThat(problem.path()).isEqualTo("$.States.P.Branches[0].States.B.Next");
    assertThat(problem.message()).contains("another scope");
  }

  @Test
  void validatesMapProcessorsAsTheirOwnStateMachines() {
    List<DefinitionProblem> problems = validate("""
        {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true, 'ItemProcessor': {
          'StartAt': 'I', 'States': {'I': {'Type': 'Pass', 'Next': 'J'}, 'J': {'Type': 'Bogus'}}}}}}
        """);
    assertThat(paths(problems)).containsExactly("$.States.M.ItemProcessor.States.J.Type");
  }

  @Test
  void refusesStatesAllUnlessAloneAndInTheLastRetrier() {
    List<DefinitionProblem> problems = validate("""
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
          'Retry': [{'ErrorEquals': ['States.ALL']}, {'ErrorEquals': ['A', 'States.ALL']}], 'End': true}}}
        """);
    assertThat(problems).extracting(DefinitionProblem::message).containsExactlyInAnyOrder(
        "a retrier matching States.ALL must be the last retrier",
        "States.ALL must appear alone in ErrorEquals");
  }

  @Test
  void refusesChoiceOperandsOfTheWrongType() {
    List<DefinitionProblem> problems = validate("""
        {'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [
          {'Variable': '$.n', 'NumericEquals': '1', 'Next': 'D'},
          {'Variable': '$.b', 'IsPresent': 'true', 'Next': 'D'}]}, 'D': {'Type': 'Succeed'}}}
        """);
    assertThat(paths(problems)).containsExactly("$.States.C.Choices[0].NumericEquals",
        "$.States.C.Choices[1].IsPresent");
  }

  @Test
  void refusesNextInNestedChoiceRules() {
    DefinitionProblem problem = only(validate("""
        {'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [
          {'And': [{'Variable': '$.a', 'IsNull': false, 'Next': 'D'}], 'Next': 'D'}]}, 'D': {'Type': 'Succeed'}}}
        """));
    assertThat(problem.path()).isEqualTo("$.States.C.Choices[0].And[0].Next");
  }

  @Test
  void refusesResultPathThatIsNotAReferencePath() {
    assertThat(paths(validate("""
        {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'ResultPath': '$..x', 'Next': 'B'},
          'B': {'Type': 'Pass', 'ResultPath': '$var.x', 'End': true}}}
        """))).containsExactly("$.States.A.ResultPath", "$.States.B.ResultPath");
  }

  @Test
  void refusesHeartbeatThatIsNotBelowTimeout() {
    DefinitionProblem problem = only(validate("""
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
          'TimeoutSeconds': 5, 'HeartbeatSeconds': 9, 'End': true}}}
        """));
    assertThat(problem.message()).contains("HeartbeatSeconds (9)", "TimeoutSeconds (5)");
  }

  @Test
  void refusesWaitWithoutExactlyOneDuration() {
    assertThat(paths(validate("""
        {'StartAt': 'A', 'States': {'A': {'Type': 'Wait', 'Seconds': 1, 'Timestamp': '2020-01-01T00:00:00Z', 'Next': 'B'},
          'B': {'Type': 'Wait', 'End': true}}}
        """))).containsExactly("$.States.A", "$.States.B");
  }

  @Test
  void checksIntrinsicFunctionsInPayloadTemplates() {
    ObjectNode definition = JSON.createObjectNode().put("StartAt", "A");
    ObjectNode state = definition.putObject("States").putObject("A").put("Type", "Pass").put("End", true);
    state.putObject("Parameters")
        .put("ok.$", "States.Format('{} {}', States.ArrayLength($.a), $$.Execution.Id)")
        .put("bad.$", "States.Format('{}', $.a")
        .put("unknown.$", "States.Lowercase($.a)");
    assertThat(paths(DefinitionValidator.validate(definition))).containsExactlyInAnyOrder(
        "$.States.A.Parameters['bad.$']", "$.States.A.Parameters['unknown.$']");
  }

  @Test
  void refusesStateNamesLongerThan80Characters() {
    String name = "n".repeat(81);
    assertThat(paths(validate("{'StartAt': '" + name + "', 'States': {'" + name
        + "': {'Type': 'Succeed'}}}"))).containsExactly("$.States." + name);
  }

  @Test
  void refusesAStateMachineWithoutATerminalState() {
    DefinitionProblem problem = only(validate("""
        {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Pass', 'Next': 'A'}}}
        """));
    assertThat(problem.path()).isEqualTo("$.States");
    assertThat(problem.message()).contains("no terminal state");
  }

  @Test
  void doesNotReportTheSameMistakeTwice() {
    // A JSONPath field under JSONata is refused once, not again for its (invalid) value.
    assertThat(validate("""
        {'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Pass',
          'InputPath': 'not a path', 'End': true}}}
        """)).hasSize(1);
  }

  @Test
  void returnsAnImmutableList() {
    List<DefinitionProblem> problems = validate("{}");
    assertThat(paths(problems)).containsExactlyInAnyOrder("$.StartAt", "$.States");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> problems.add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void acceptsEveryValidConformanceDefinitionInOneJsonNode() throws Exception {
    JsonNode definition = JSON.readTree(getClass().getClassLoader()
        .getResource("conformance/validation/valid-every-state-type-jsonpath.json")).get("definition");
    assertThat(DefinitionValidator.validate(definition)).isEmpty();
  }
}
