package io.sluice.statemachine.internal.jsonata;

import static io.sluice.statemachine.internal.intrinsics.TestPaths.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.jsonata.JsonataEvaluator.FieldContext;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonataEvaluatorTest {
  private static final JsonNode STATES = json("{\"input\": {\"a\": 1, \"items\": [1, 2, 3], \"s\": \"x\"},"
      + " \"context\": {\"Execution\": {\"Name\": \"run-1\"}}, \"result\": {\"r\": true}, \"errorOutput\": {\"Error\": \"E\"}}");
  private static final FieldContext OUTPUT = new FieldContext("State0", 2, "Output");

  private static JsonNode eval(String template) {
    return JsonataEvaluator.evaluateTemplate(json(template), STATES, Map.of("count", json("7")), OUTPUT);
  }

  private static StatesError failure(String template) {
    try {
      eval(template);
    } catch (StatesError e) {
      assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
      return e;
    }
    throw new AssertionError("expected a failure for " + template);
  }

  @Nested
  class Templates {
    @Test
    void wholeStringExpressionIsEvaluated() {
      assertThat(eval("\"{% $states.input.a + 1 %}\"")).isEqualTo(json("2"));
    }

    @Test
    void expressionsInsideObjectsAndArraysAreEvaluated() {
      assertThat(eval("{\"x\": \"{% $states.input.s %}\", \"y\": [\"{% $count %}\", {\"z\": \"{% true %}\"}], \"k\": 1}"))
          .isEqualTo(json("{\"x\": \"x\", \"y\": [7, {\"z\": true}], \"k\": 1}"));
    }

    @Test
    void stringsThatAreNotWholeExpressionsAreCopied() {
      assertThat(eval("[\"$states.input\", \"a {% 1 %}\", \"$.a\", null, 0.1]"))
          .isEqualTo(json("[\"$states.input\", \"a {% 1 %}\", \"$.a\", null, 0.1]"));
    }

    @Test
    void templateWithoutExpressionsIsReturnedAsIs() {
      assertThat(eval("{\"a\": [1, {}]}")).isEqualTo(json("{\"a\": [1, {}]}"));
    }

    @Test
    void statesFieldsAreBound() {
      assertThat(eval("[\"{% $states.context.Execution.Name %}\", \"{% $states.result.r %}\", \"{% $states.errorOutput.Error %}\"]"))
          .isEqualTo(json("[\"run-1\", true, \"E\"]"));
    }

    @Test
    void integralResultsAreIntegers() {
      JsonNode r = eval("\"{% $sum($states.input.items) + $count %}\"");
      assertThat(r.isIntegralNumber()).isTrue();
      assertThat(r.intValue()).isEqualTo(13);
      assertThat(eval("\"{% 1 / 4 %}\"").doubleValue()).isEqualTo(0.25);
    }

    @Test
    void jsonNullResultIsNull() {
      assertThat(eval("\"{% null %}\"").isNull()).isTrue();
      assertThat(eval("{\"a\": \"{% null %}\"}")).isEqualTo(json("{\"a\": null}"));
    }

    @Test
    void threeArgumentFormWorksWithoutContext() {
      assertThat(JsonataEvaluator.evaluateTemplate(json("\"{% $x %}\""), STATES, Map.of("x", json("[1]"))))
          .isEqualTo(json("[1]"));
    }

    @Test
    void regularExpressionsWork() {
      assertThat(eval("\"{% $contains('hello$world', /^hello\\\\$/) %}\"").booleanValue()).isTrue();
      assertThat(eval("\"{% $contains('hello$world', /^hello\\\\ /) %}\"").booleanValue()).isFalse();
    }
  }

  @Nested
  class Errors {
    @Test
    void undefinedResultNamesStateEventAndField() {
      assertThat(failure("{\"result\": \"{% $doesNotExist %}\"}").cause()).isEqualTo(
          "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression "
              + "'$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).");
    }

    @Test
    void undefinedInsideArrayNamesTheIndex() {
      assertThat(failure("{\"a\": [1, \"{% $states.input.nope %}\"]}").cause())
          .contains("'$states.input.nope' specified for the field 'Output/a/1' returned nothing (undefined).");
    }

    @Test
    void functionResultIsUnsupported() {
      assertThat(failure("\"{% $fn := function($x){$x} %}\"").cause()).endsWith(
          "The JSONata expression '$fn := function($x){$x}' specified for the field 'Output' returned an unsupported result type.");
    }

    @Test
    void typeErrorsAreQueryEvaluationErrors() {
      assertThat(failure("\"{% 'a' + 1 %}\"").cause()).contains("'a' + 1").contains("T2001");
    }

    @Test
    void syntaxErrorsAreQueryEvaluationErrors() {
      assertThat(failure("\"{% $states.input. %}\"").cause()).contains("could not be parsed");
    }

    @Test
    void requireTypeReportsExpectedAndActualType() {
      FieldContext items = new FieldContext("Map", 4, "Items");
      JsonNode value = JsonataEvaluator.evaluateExpression("{% {'foo': 'bar'} %}", STATES, Map.of(), items);
      assertThatThrownBy(() -> JsonataEvaluator.requireType(value, "{% {'foo': 'bar'} %}", items, JsonNodeType.ARRAY))
          .isInstanceOf(StatesError.class)
          .satisfies(e -> assertThat(((StatesError) e).cause()).isEqualTo("An error occurred while executing the state 'Map' (entered at the event id #4). "
              + "The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' returned an unexpected result type. "
              + "Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"));
    }

    @Test
    void evalIsNotAvailable() {
      assertThat(failure("\"{% $eval('1') %}\"").cause()).contains("$parse");
    }
  }

  @Nested
  class Conditions {
    @Test
    void conditionReturnsTheBoolean() {
      FieldContext c = new FieldContext("Choice", 2, "Condition");
      assertThat(JsonataEvaluator.evaluateCondition("{% $states.input.a = 1 %}", STATES, Map.of(), c)).isTrue();
      assertThat(JsonataEvaluator.evaluateCondition("{% $not($states.input.a = 1) %}", STATES, Map.of(), c)).isFalse();
    }

    @Test
    void nonBooleanConditionFails() {
      FieldContext c = new FieldContext("Choice", 2, "Condition");
      assertThatThrownBy(() -> JsonataEvaluator.evaluateCondition("{% $states.input.s %}", STATES, Map.of(), c))
          .isInstanceOf(StatesError.class)
          .hasMessageContaining("Expected 'boolean', but was 'string' for value: \"x\"");
    }
  }

  @Nested
  class StepFunctionsFunctionsTest {
    @Test
    void partitionChunksAnArray() {
      assertThat(eval("\"{% $partition([1,2,3,4,5], 2) %}\"")).isEqualTo(json("[[1,2],[3,4],[5]]"));
      assertThat(eval("\"{% $partition([0,1,2], 5) %}\"")).isEqualTo(json("[[0,1,2]]"));
    }

    @Test
    void rangeIncludesTheEnd() {
      assertThat(eval("\"{% $range(0, 10, 2) %}\"")).isEqualTo(json("[0,2,4,6,8,10]"));
      assertThat(eval("\"{% $range(3, 1, -1) %}\"")).isEqualTo(json("[3,2,1]"));
    }

    @Test
    void hashHexDigests() {
      assertThat(eval("\"{% $hash('input data', 'MD5') %}\"").textValue()).isEqualTo("812f45842bc6d66ee14572ce20db8e86");
      assertThat(failure("\"{% $hash('x', 'CRC32') %}\"").cause()).contains("MD5");
    }

    @Test
    void randomIsInUnitIntervalAndSeedable() {
      double r = eval("\"{% $random() %}\"").doubleValue();
      assertThat(r).isGreaterThanOrEqualTo(0).isLessThan(1);
      assertThat(eval("\"{% $random(42) %}\"")).isEqualTo(eval("\"{% $random(42) %}\""));
    }

    @Test
    void uuidIsVersionFour() {
      assertThat(eval("\"{% $uuid() %}\"").textValue()).matches("[0-9a-f-]{14}4[0-9a-f-]{21}");
    }

    @Test
    void parseReadsJsonText() {
      assertThat(eval("\"{% $parse('{\\\"Arg1\\\": 1, \\\"Arg2\\\": []}') %}\"")).isEqualTo(json("{\"Arg1\": 1, \"Arg2\": []}"));
      assertThat(eval("\"{% $parse('-0') %}\"")).isEqualTo(json("0"));
      assertThat(eval("\"{% $parse('1.1') %}\"")).isEqualTo(json("1.1"));
      assertThat(failure("\"{% $parse('{') %}\"").cause()).contains("not valid JSON");
    }
  }

  @Test
  void compiledExpressionsAreCachedAndBounded() {
    for (int i = 0; i < CompiledExpression.CACHE_SIZE + 50; i++) {
      eval("\"{% " + i + " %}\"");
    }
    assertThat(CompiledExpression.cacheSize()).isLessThanOrEqualTo(CompiledExpression.CACHE_SIZE);
  }

  @Test
  void evaluationIsThreadSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(pool.submit(() -> JsonataEvaluator.evaluateTemplate(
            json("{\"v\": \"{% $n * 2 + $sum($states.input.items) %}\"}"), STATES, Map.of("n", json(String.valueOf(n))), OUTPUT)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().get("v").intValue()).isEqualTo(i * 2 + 6);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
