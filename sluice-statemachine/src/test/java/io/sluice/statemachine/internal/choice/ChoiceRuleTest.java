package io.sluice.statemachine.internal.choice;

import static io.sluice.statemachine.internal.intrinsics.TestPaths.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;
import io.sluice.statemachine.internal.intrinsics.TestPaths;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChoiceRuleTest {
  private static boolean matches(String rule, String input) {
    return ChoiceRule.parse(json(rule)).matches(TestPaths.over(input));
  }

  /** The rule {@code {"Variable": "$.v", op: operand}} against {@code {"v": value}}. */
  private static boolean compare(String op, String operand, String value) {
    return matches("{\"Variable\": \"$.v\", \"" + op + "\": " + operand + "}", "{\"v\": " + value + "}");
  }

  @Nested
  class Strings {
    @Test
    void stringEqualsComparesExactly() {
      assertThat(compare("StringEquals", "\"abc\"", "\"abc\"")).isTrue();
      assertThat(compare("StringEquals", "\"abc\"", "\"abc \"")).isFalse();
      assertThat(compare("StringEquals", "\"\"", "\"\"")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1", "true", "null", "[]", "{}", "1.5"})
    void stringEqualsOnNonStringIsFalseNotAnError(String value) {
      assertThat(compare("StringEquals", "\"1\"", value)).isFalse();
    }

    @Test
    void stringOrderingIsLexicographic() {
      assertThat(compare("StringLessThan", "\"abd\"", "\"abc\"")).isTrue();
      assertThat(compare("StringLessThan", "\"abc\"", "\"abc\"")).isFalse();
      assertThat(compare("StringLessThanEquals", "\"abc\"", "\"abc\"")).isTrue();
      assertThat(compare("StringGreaterThan", "\"AB\"", "\"ABC\"")).isTrue();
      assertThat(compare("StringGreaterThan", "\"ABC\"", "\"AB\"")).isFalse();
      assertThat(compare("StringGreaterThanEquals", "\"A\"", "\"A\"")).isTrue();
      assertThat(compare("StringGreaterThan", "\"a\"", "\"B\"")).isFalse();
    }

    @Test
    void stringPathVariantReadsTheOperand() {
      assertThat(matches("{\"Variable\": \"$.a\", \"StringEqualsPath\": \"$.b\"}", "{\"a\": \"x\", \"b\": \"x\"}")).isTrue();
      assertThat(matches("{\"Variable\": \"$.a\", \"StringLessThanPath\": \"$.b\"}", "{\"a\": \"A\", \"b\": \"AB\"}")).isTrue();
      assertThat(matches("{\"Variable\": \"$.a\", \"StringEqualsPath\": \"$.b\"}", "{\"a\": \"1\", \"b\": 1}")).isFalse();
    }
  }

  @Nested
  class StringMatches {
    @Test
    void starMatchesAnyRun() {
      assertThat(compare("StringMatches", "\"log-*.txt\"", "\"log-2024.txt\"")).isTrue();
      assertThat(compare("StringMatches", "\"log-*.txt\"", "\"log-.txt\"")).isTrue();
      assertThat(compare("StringMatches", "\"*.txt\"", "\"a.txt.gz\"")).isFalse();
      assertThat(compare("StringMatches", "\"a*b*c\"", "\"aXXbYYc\"")).isTrue();
      assertThat(compare("StringMatches", "\"*\"", "\"\"")).isTrue();
    }

    @Test
    void stringMatchesHonoursEscapedStar() {
      assertThat(compare("StringMatches", "\"a\\\\*\"", "\"a*\"")).isTrue();
      assertThat(compare("StringMatches", "\"a\\\\*\"", "\"ab\"")).isFalse();
    }

    @Test
    void stringMatchesHonoursEscapedBackslash() {
      assertThat(compare("StringMatches", "\"a\\\\\\\\*\"", "\"a\\\\xyz\"")).isTrue();
      assertThat(compare("StringMatches", "\"a\\\\\\\\*\"", "\"axyz\"")).isFalse();
    }

    @Test
    void stringMatchesOnNonStringIsFalse() {
      assertThat(compare("StringMatches", "\"*\"", "1")).isFalse();
    }
  }

  @Nested
  class Numbers {
    @Test
    void numericComparisonsIgnoreIntegerVersusDecimalForm() {
      assertThat(compare("NumericEquals", "1", "1.0")).isTrue();
      assertThat(compare("NumericEquals", "2.22", "2.22")).isTrue();
      assertThat(compare("NumericEquals", "1", "1.1")).isFalse();
      assertThat(compare("NumericLessThan", "1", "0.5")).isTrue();
      assertThat(compare("NumericLessThanEquals", "1", "1")).isTrue();
      assertThat(compare("NumericGreaterThan", "1", "1")).isFalse();
      assertThat(compare("NumericGreaterThanEquals", "0", "0.0")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"1\"", "true", "null", "[1]", "{\"a\": 1}"})
    void numericOnNonNumberIsFalse(String value) {
      assertThat(compare("NumericEquals", "1", value)).isFalse();
    }

    @Test
    void numericPathVariantIsFalseWhenOperandIsNotANumber() {
      assertThat(matches("{\"Variable\": \"$.a\", \"NumericEqualsPath\": \"$.b\"}", "{\"a\": 1, \"b\": \"1\"}")).isFalse();
      assertThat(matches("{\"Variable\": \"$.a\", \"NumericGreaterThanPath\": \"$.b\"}", "{\"a\": 2, \"b\": 1}")).isTrue();
    }
  }

  @Nested
  class Booleans {
    @Test
    void booleanEqualsOnlyMatchesBooleans() {
      assertThat(compare("BooleanEquals", "true", "true")).isTrue();
      assertThat(compare("BooleanEquals", "false", "false")).isTrue();
      assertThat(compare("BooleanEquals", "true", "false")).isFalse();
      assertThat(compare("BooleanEquals", "true", "\"true\"")).isFalse();
      assertThat(compare("BooleanEquals", "false", "0")).isFalse();
    }

    @Test
    void booleanEqualsPathComparesTwoValues() {
      assertThat(matches("{\"Variable\": \"$.a\", \"BooleanEqualsPath\": \"$.b\"}", "{\"a\": false, \"b\": false}")).isTrue();
      assertThat(matches("{\"Variable\": \"$.a\", \"BooleanEqualsPath\": \"$.b\"}", "{\"a\": 1, \"b\": true}")).isFalse();
    }
  }

  @Nested
  class Timestamps {
    @Test
    void timestampsCompareByInstantAcrossOffsets() {
      assertThat(compare("TimestampEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T20:00:55+01:00\"")).isTrue();
      assertThat(compare("TimestampLessThan", "\"2012-10-09T19:00:56Z\"", "\"2012-10-09T19:00:55Z\"")).isTrue();
      assertThat(compare("TimestampGreaterThan", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:55.5Z\"")).isTrue();
      assertThat(compare("TimestampLessThanEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:55Z\"")).isTrue();
      assertThat(compare("TimestampGreaterThanEquals", "\"2012-10-09T19:00:56Z\"", "\"2012-10-09T19:00:55Z\"")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"2012-10-09T19:00:55\"", "\"2012-10-09\"", "\"2012-10-09t19:00:55z\"",
        "\"2012-13-09T19:00:55Z\"", "\"\"", "0", "null", "{}"})
    void timestampComparisonOnNonTimestampIsFalse(String value) {
      assertThat(compare("TimestampEquals", "\"2012-10-09T19:00:55Z\"", value)).isFalse();
    }

    @Test
    void timestampPathVariant() {
      assertThat(matches("{\"Variable\": \"$.a\", \"TimestampLessThanPath\": \"$.b\"}",
          "{\"a\": \"2012-10-09T19:00:55Z\", \"b\": \"2012-10-09T19:00:56Z\"}")).isTrue();
    }
  }

  @Nested
  class TypeTests {
    @Test
    void isNullIsStringIsNumericIsBoolean() {
      assertThat(compare("IsNull", "true", "null")).isTrue();
      assertThat(compare("IsNull", "true", "0")).isFalse();
      assertThat(compare("IsNull", "false", "\"\"")).isTrue();
      assertThat(compare("IsString", "true", "\"\"")).isTrue();
      assertThat(compare("IsString", "true", "[\"a\"]")).isFalse();
      assertThat(compare("IsNumeric", "true", "1.1")).isTrue();
      assertThat(compare("IsNumeric", "true", "\"1\"")).isFalse();
      assertThat(compare("IsNumeric", "false", "0")).isFalse();
      assertThat(compare("IsBoolean", "true", "false")).isTrue();
      assertThat(compare("IsBoolean", "false", "\"true\"")).isTrue();
    }

    @Test
    void isTimestampAcceptsRfc3339Only() {
      assertThat(compare("IsTimestamp", "true", "\"2012-10-09T19:00:55Z\"")).isTrue();
      assertThat(compare("IsTimestamp", "true", "\"2012-10-09T19:00:55.123+01:00\"")).isTrue();
      assertThat(compare("IsTimestamp", "true", "\"2012-10-09T19:00:55\"")).isFalse();
      assertThat(compare("IsTimestamp", "true", "\"2023-02-24\"")).isFalse();
      assertThat(compare("IsTimestamp", "false", "1")).isTrue();
    }

    @Test
    void isPresentIsTrueForAnyValueIncludingNull() {
      assertThat(compare("IsPresent", "true", "null")).isTrue();
      assertThat(compare("IsPresent", "false", "0")).isFalse();
    }

    @Test
    void isPresentOnMissingPathIsFalseNotAnError() {
      assertThat(matches("{\"Variable\": \"$.missing\", \"IsPresent\": true}", "{}")).isFalse();
      assertThat(matches("{\"Variable\": \"$.missing.deeper\", \"IsPresent\": false}", "{}")).isTrue();
    }
  }

  @Nested
  class MissingPaths {
    @Test
    void missingVariableIsARuntimeError() {
      assertThatThrownBy(() -> matches("{\"Variable\": \"$.missing\", \"StringEquals\": \"x\"}", "{}"))
          .isInstanceOf(StatesError.class)
          .satisfies(e -> assertThat(((StatesError) e).error()).isEqualTo("States.Runtime"));
    }

    @Test
    void missingVariableUnderIsNullIsARuntimeError() {
      assertThatThrownBy(() -> matches("{\"Variable\": \"$.missing\", \"IsNull\": true}", "{}"))
          .isInstanceOf(StatesError.class);
    }

    @Test
    void missingOperandPathIsARuntimeError() {
      assertThatThrownBy(() -> matches("{\"Variable\": \"$.a\", \"NumericEqualsPath\": \"$.b\"}", "{\"a\": 1}"))
          .isInstanceOf(StatesError.class);
    }
  }

  @Nested
  class Combinators {
    @Test
    void andRequiresEveryRule() {
      String rule = "{\"And\": [{\"Variable\": \"$.a\", \"NumericGreaterThan\": 1},"
          + " {\"Variable\": \"$.a\", \"NumericLessThan\": 5}]}";
      assertThat(matches(rule, "{\"a\": 3}")).isTrue();
      assertThat(matches(rule, "{\"a\": 7}")).isFalse();
    }

    @Test
    void orNeedsOneRule() {
      String rule = "{\"Or\": [{\"Variable\": \"$.a\", \"StringEquals\": \"x\"}, {\"Variable\": \"$.a\", \"StringEquals\": \"y\"}]}";
      assertThat(matches(rule, "{\"a\": \"y\"}")).isTrue();
      assertThat(matches(rule, "{\"a\": \"z\"}")).isFalse();
    }

    @Test
    void notNegates() {
      assertThat(matches("{\"Not\": {\"Variable\": \"$.a\", \"StringEquals\": \"x\"}}", "{\"a\": \"y\"}")).isTrue();
    }

    @Test
    void andStopsAtFirstFalseSoLaterMissingPathsDoNotFail() {
      String rule = "{\"And\": [{\"Variable\": \"$.a\", \"IsPresent\": true}, {\"Variable\": \"$.a\", \"StringEquals\": \"x\"}]}";
      assertThat(matches(rule, "{}")).isFalse();
    }

    @Test
    void orStopsAtFirstTrue() {
      String rule = "{\"Or\": [{\"Variable\": \"$.b\", \"IsPresent\": false}, {\"Variable\": \"$.b\", \"NumericEquals\": 1}]}";
      assertThat(matches(rule, "{}")).isTrue();
    }

    @Test
    void nestedCombinators() {
      String rule = "{\"Not\": {\"Or\": [{\"And\": [{\"Variable\": \"$.a\", \"BooleanEquals\": true}]},"
          + " {\"Variable\": \"$.b\", \"IsNull\": true}]}}";
      assertThat(matches(rule, "{\"a\": false, \"b\": 1}")).isTrue();
      assertThat(matches(rule, "{\"a\": true, \"b\": 1}")).isFalse();
    }
  }

  @Nested
  class Variables {
    @Test
    void variableAndOperandPathsMayReferenceWorkflowVariables() {
      PathResolver paths = TestPaths.over(json("{}"), json("{}"), Map.of("guess", json("\"a\""), "answer", json("\"a\"")));
      assertThat(ChoiceRule.parse(json("{\"Variable\": \"$guess\", \"StringEqualsPath\": \"$answer\"}")).matches(paths)).isTrue();
    }

    @Test
    void contextPathsWork() {
      PathResolver paths = TestPaths.over(json("{}"), json("{\"Execution\": {\"Name\": \"n\"}}"), Map.of());
      assertThat(ChoiceRule.parse(json("{\"Variable\": \"$$.Execution.Name\", \"StringEquals\": \"n\"}")).matches(paths)).isTrue();
    }
  }

  @Nested
  class Parsing {
    @Test
    void nextAndCommentAreIgnored() {
      assertThat(matches("{\"Variable\": \"$.a\", \"IsNull\": true, \"Next\": \"X\", \"Comment\": \"c\"}", "{\"a\": null}")).isTrue();
    }

    @Test
    void malformedRulesAreRejected() {
      assertThatThrownBy(() -> ChoiceRule.parse(json("{\"Variable\": \"$.a\"}"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ChoiceRule.parse(json("{\"Variable\": \"$.a\", \"StringEquals\": 1}")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ChoiceRule.parse(json("{\"Variable\": \"$.a\", \"NumericEquals\": 1, \"IsNull\": true}")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ChoiceRule.parse(json("{\"StringEquals\": \"x\"}"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ChoiceRule.parse(json("{\"And\": []}"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ChoiceRule.parse(json("{\"Variable\": \"$.a\", \"IsNullPath\": \"$.b\"}")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ChoiceRule.parse(json("{\"Variable\": \"$.a\", \"TimestampEquals\": \"yesterday\"}")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
