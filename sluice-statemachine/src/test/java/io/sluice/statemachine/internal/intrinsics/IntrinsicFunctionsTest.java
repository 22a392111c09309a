package io.sluice.statemachine.internal.intrinsics;

import static io.sluice.statemachine.internal.intrinsics.TestPaths.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IntrinsicFunctionsTest {
  private static JsonNode eval(String expression, String input) {
    return IntrinsicFunctions.evaluate(expression, TestPaths.over(input));
  }

  private static JsonNode eval(String expression) {
    return eval(expression, "{}");
  }

  private static void assertFails(String expression, String input, String error) {
    assertThatThrownBy(() -> eval(expression, input))
        .isInstanceOf(StatesError.class)
        .satisfies(e -> assertThat(((StatesError) e).error()).isEqualTo(error));
  }

  private static void assertIntrinsicFailure(String expression, String input) {
    assertFails(expression, input, "States.IntrinsicFailure");
  }

  @Nested
  class Syntax {
    @Test
    void isIntrinsicRecognisesStatesPrefix() {
      assertThat(IntrinsicFunctions.isIntrinsic("States.Array(1)")).isTrue();
      assertThat(IntrinsicFunctions.isIntrinsic("$.a")).isFalse();
    }

    @Test
    void nestedCallsAreEvaluatedInnermostFirst() {
      JsonNode r = eval("States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), '.'), 0)",
          "{\"arn\": \"arn:aws/app.v1/x\"}");
      assertThat(r.textValue()).isEqualTo("app");
    }

    @Test
    void literalsOfEveryKindAreAccepted() {
      assertThat(eval("States.Array('a', 1, -2, 1.5, true, false, null)"))
          .isEqualTo(json("[\"a\", 1, -2, 1.5, true, false, null]"));
    }

    @Test
    void whitespaceBetweenArgumentsIsIgnored() {
      assertThat(eval("States.Array( 1 ,2,   3 )")).isEqualTo(json("[1,2,3]"));
    }

    @Test
    void pathsReadInputContextAndVariables() {
      PathResolver paths = TestPaths.over(json("{\"a\": 1}"), json("{\"Execution\": {\"Name\": \"ex\"}}"),
          Map.of("v", json("{\"b\": 2}")));
      assertThat(IntrinsicFunctions.evaluate("States.Array($.a, $$.Execution.Name, $v.b, $)", paths))
          .isEqualTo(json("[1, \"ex\", 2, {\"a\": 1}]"));
    }

    @Test
    void pathWithBracketsAndCommasInsideIsOneArgument() {
      assertThat(eval("States.Array($['a,b'], $.c[0])", "{\"a,b\": 1, \"c\": [7]}")).isEqualTo(json("[1, 7]"));
    }

    @Test
    void escapedQuoteInStringLiteral() {
      assertThat(eval("States.Format('it\\'s {}', 'fine')").textValue()).isEqualTo("it's fine");
    }

    @Test
    void missingPathFailsWithTheResolversError() {
      assertFails("States.Array($.nope)", "{}", "States.Runtime");
    }

    @Test
    void unknownFunctionFails() {
      assertIntrinsicFailure("States.Nope(1)", "{}");
    }

    @Test
    void unbalancedExpressionFails() {
      assertIntrinsicFailure("States.Array(1", "{}");
      assertIntrinsicFailure("States.Array(1))", "{}");
      assertIntrinsicFailure("States.Format('abc", "{}");
    }

    @Test
    void problemReportsSyntaxUnknownFunctionsAndDeepNesting() {
      assertThat(IntrinsicFunctions.problem("States.Array(1)")).isEmpty();
      assertThat(IntrinsicFunctions.problem("States.Array(")).isPresent();
      assertThat(IntrinsicFunctions.problem("States.Nope()")).get().asString().contains("States.Nope");
      String deep = "States.Array(".repeat(11) + ")".repeat(11);
      assertThat(IntrinsicFunctions.problem(deep)).isPresent();
      String ten = "States.Array(".repeat(10) + ")".repeat(10);
      assertThat(IntrinsicFunctions.problem(ten)).isEmpty();
    }
  }

  @Nested
  class Format {
    @Test
    void formatReplacesPlaceholdersInOrder() {
      assertThat(eval("States.Format('{} and {}', $.a, $.b)", "{\"a\": \"x\", \"b\": \"y\"}").textValue())
          .isEqualTo("x and y");
    }

    @Test
    void formatRendersNumbersBooleansAndNullAsJson() {
      assertThat(eval("States.Format('{} {} {} {}', 1, 1.1, true, null)").textValue()).isEqualTo("1 1.1 true null");
    }

    @Test
    void formatKeepsEscapedBracesLiteral() {
      assertThat(eval("States.Format('\\{\\} {}', 'x')").textValue()).isEqualTo("{} x");
    }

    @Test
    void formatTemplateFromPathHasPlaceholders() {
      assertThat(eval("States.Format($.t, $.n)", "{\"t\": \"Hello {}!\", \"n\": \"Ann\"}").textValue())
          .isEqualTo("Hello Ann!");
    }

    @Test
    void formatFailsWhenArgumentCountDiffersFromPlaceholders() {
      assertIntrinsicFailure("States.Format('{} {}', 1)", "{}");
      assertIntrinsicFailure("States.Format('{}', 1, 2)", "{}");
    }

    @Test
    void formatFailsOnNonStringTemplate() {
      assertIntrinsicFailure("States.Format(1)", "{}");
    }
  }

  @Nested
  class Json {
    @Test
    void stringToJsonParsesAnyJsonValue() {
      assertThat(eval("States.StringToJson($.s)", "{\"s\": \"{\\\"a\\\": [1, 2]}\"}")).isEqualTo(json("{\"a\": [1, 2]}"));
      assertThat(eval("States.StringToJson('\"x\"')")).isEqualTo(json("\"x\""));
      assertThat(eval("States.StringToJson('-0')").intValue()).isZero();
    }

    @Test
    void stringToJsonOfBlankStringIsNull() {
      assertThat(eval("States.StringToJson('')").isNull()).isTrue();
      assertThat(eval("States.StringToJson(' ')").isNull()).isTrue();
    }

    @Test
    void stringToJsonFailsOnInvalidJsonOrNonString() {
      assertIntrinsicFailure("States.StringToJson('{')", "{}");
      assertIntrinsicFailure("States.StringToJson('1 2')", "{}");
      assertIntrinsicFailure("States.StringToJson(1)", "{}");
    }

    @Test
    void jsonToStringWritesCompactJson() {
      assertThat(eval("States.JsonToString($.o)", "{\"o\": {\"a\": [1, \"b\"], \"c\": null}}").textValue())
          .isEqualTo("{\"a\":[1,\"b\"],\"c\":null}");
      assertThat(eval("States.JsonToString($.n)", "{\"n\": null}").textValue()).isEqualTo("null");
    }

    @Test
    void jsonMergeIsShallowAndRightWins() {
      assertThat(eval("States.JsonMerge($.a, $.b, false)",
          "{\"a\": {\"x\": {\"p\": 1}, \"y\": 1}, \"b\": {\"x\": {\"q\": 2}, \"z\": 3}}"))
          .isEqualTo(json("{\"x\": {\"q\": 2}, \"y\": 1, \"z\": 3}"));
    }

    @Test
    void jsonMergeRejectsDeepMerge() {
      assertIntrinsicFailure("States.JsonMerge($.a, $.a, true)", "{\"a\": {}}");
    }

    @Test
    void jsonMergeRejectsNonObjects() {
      assertIntrinsicFailure("States.JsonMerge($.a, 1, false)", "{\"a\": {}}");
    }
  }

  @Nested
  class Arrays {
    @Test
    void arrayBuildsFromArgumentsAndEmpty() {
      assertThat(eval("States.Array()")).isEqualTo(json("[]"));
      assertThat(eval("States.Array($.a, 'b')", "{\"a\": [1]}")).isEqualTo(json("[[1], \"b\"]"));
    }

    @Test
    void arrayPartitionChunksWithShorterLastChunk() {
      assertThat(eval("States.ArrayPartition($.a, 2)", "{\"a\": [1, 2, 3, 4, 5]}")).isEqualTo(json("[[1,2],[3,4],[5]]"));
      assertThat(eval("States.ArrayPartition($.a, 5)", "{\"a\": []}")).isEqualTo(json("[]"));
    }

    @Test
    void arrayPartitionRejectsNonPositiveChunkSize() {
      assertIntrinsicFailure("States.ArrayPartition($.a, 0)", "{\"a\": [1]}");
      assertIntrinsicFailure("States.ArrayPartition($.a, 1.5)", "{\"a\": [1]}");
    }

    @Test
    void arrayContainsComparesDeeply() {
      assertThat(eval("States.ArrayContains($.a, $.v)", "{\"a\": [[1, 2], {\"k\": [3]}], \"v\": {\"k\": [3]}}").booleanValue()).isTrue();
      assertThat(eval("States.ArrayContains($.a, 3)", "{\"a\": [1, 2]}").booleanValue()).isFalse();
    }

    @Test
    void arrayRangeIncludesEndWhenOnStep() {
      assertThat(eval("States.ArrayRange(0, 9, 3)")).isEqualTo(json("[0, 3, 6, 9]"));
      assertThat(eval("States.ArrayRange(0, 10, 3)")).isEqualTo(json("[0, 3, 6, 9]"));
      assertThat(eval("States.ArrayRange(5, 1, -2)")).isEqualTo(json("[5, 3, 1]"));
      assertThat(eval("States.ArrayRange(1, 0, 1)")).isEqualTo(json("[]"));
    }

    @Test
    void arrayRangeProducesIntegers() {
      assertThat(eval("States.ArrayRange(1, 3, 1)").get(0).isIntegralNumber()).isTrue();
    }

    @Test
    void arrayRangeRejectsZeroStepFractionsAndMoreThanAThousandItems() {
      assertIntrinsicFailure("States.ArrayRange(0, 1, 0)", "{}");
      assertIntrinsicFailure("States.ArrayRange(0.5, 1, 1)", "{}");
      assertIntrinsicFailure("States.ArrayRange(1, 1001, 1)", "{}");
      assertThat(eval("States.ArrayRange(1, 1000, 1)")).hasSize(1000);
    }

    @Test
    void arrayGetItemReturnsTheElement() {
      assertThat(eval("States.ArrayGetItem($.a, 1)", "{\"a\": [\"x\", {\"y\": 1}]}")).isEqualTo(json("{\"y\": 1}"));
    }

    @Test
    void arrayGetItemRejectsOutOfBoundsIndex() {
      assertIntrinsicFailure("States.ArrayGetItem($.a, 2)", "{\"a\": [1, 2]}");
      assertIntrinsicFailure("States.ArrayGetItem($.a, -1)", "{\"a\": [1, 2]}");
    }

    @Test
    void arrayLengthCountsElements() {
      assertThat(eval("States.ArrayLength($.a)", "{\"a\": [1, [2, 3]]}").intValue()).isEqualTo(2);
      assertIntrinsicFailure("States.ArrayLength($.a)", "{\"a\": \"abc\"}");
    }

    @Test
    void arrayUniqueKeepsFirstOccurrences() {
      assertThat(eval("States.ArrayUnique($.a)", "{\"a\": [1, 2, 1, \"1\", [1], [1], 2]}"))
          .isEqualTo(json("[1, 2, \"1\", [1]]"));
    }
  }

  @Nested
  class EncodingAndHashing {
    @Test
    void base64EncodeAndDecode() {
      assertThat(eval("States.Base64Encode('Data to encode')").textValue()).isEqualTo("RGF0YSB0byBlbmNvZGU=");
      assertThat(eval("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')").textValue()).isEqualTo("Data to encode");
      assertThat(eval("States.Base64Encode('')").textValue()).isEmpty();
    }

    @Test
    void base64DecodeRejectsInvalidInput() {
      assertIntrinsicFailure("States.Base64Decode('***')", "{}");
    }

    @Test
    void base64RejectsInputLongerThanTenThousandCharacters() {
      String big = "{\"s\": \"" + "a".repeat(10_001) + "\"}";
      assertIntrinsicFailure("States.Base64Encode($.s)", big);
    }

    @Test
    void hashSupportsTheFiveAlgorithms() {
      assertThat(eval("States.Hash('input data', 'MD5')").textValue()).isEqualTo("812f45842bc6d66ee14572ce20db8e86");
      assertThat(eval("States.Hash('abc', 'SHA-1')").textValue()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
      assertThat(eval("States.Hash('abc', 'SHA-256')").textValue())
          .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      assertThat(eval("States.Hash('abc', 'SHA-384')").textValue()).hasSize(96);
      assertThat(eval("States.Hash('abc', 'SHA-512')").textValue()).hasSize(128);
    }

    @Test
    void hashRejectsUnknownAlgorithm() {
      assertIntrinsicFailure("States.Hash('abc', 'SHA-3')", "{}");
      assertIntrinsicFailure("States.Hash('abc', 'sha-256')", "{}");
    }
  }

  @Nested
  class Math {
    @Test
    void mathAddAddsIntegers() {
      assertThat(eval("States.MathAdd(-9, 3)")).isEqualTo(json("-6"));
      assertThat(eval("States.MathAdd($.v, 1)", "{\"v\": 41}")).isEqualTo(json("42"));
    }

    @Test
    void mathAddRoundsEachArgumentHalfUp() {
      assertThat(eval("States.MathAdd(0.5, 0)").intValue()).isEqualTo(1);
      assertThat(eval("States.MathAdd(2.5, 0)").intValue()).isEqualTo(3);
      assertThat(eval("States.MathAdd(-2.5, 0)").intValue()).isEqualTo(-2);
      assertThat(eval("States.MathAdd(-0.5, 0.5)").intValue()).isEqualTo(1);
      assertThat(eval("States.MathAdd(1.49, 1.5)").intValue()).isEqualTo(3);
    }

    @Test
    void mathAddRejectsNonNumbers() {
      assertIntrinsicFailure("States.MathAdd('1', 2)", "{}");
    }

    @Test
    void mathRandomStaysWithinStartInclusiveEndExclusive() {
      for (int i = 0; i < 200; i++) {
        int v = eval("States.MathRandom(1, 4)").intValue();
        assertThat(v).isBetween(1, 3);
      }
    }

    @Test
    void mathRandomWithSeedIsRepeatable() {
      assertThat(eval("States.MathRandom(0, 1000, 7)")).isEqualTo(eval("States.MathRandom(0, 1000, 7)"));
    }

    @Test
    void mathRandomRejectsEmptyRange() {
      assertIntrinsicFailure("States.MathRandom(5, 5)", "{}");
    }
  }

  @Nested
  class Strings {
    @Test
    void stringSplitSplitsOnEachDelimiterCharacterAndDropsEmptyParts() {
      assertThat(eval("States.StringSplit('This.is+a,test=string', '.+,=')"))
          .isEqualTo(json("[\"This\", \"is\", \"a\", \"test\", \"string\"]"));
      assertThat(eval("States.StringSplit(', , ,', ',')")).isEqualTo(json("[\" \", \" \"]"));
      assertThat(eval("States.StringSplit('', ',')")).isEqualTo(json("[]"));
    }

    @Test
    void uuidIsAVersionFourUuid() {
      String u = eval("States.UUID()").textValue();
      assertThat(u).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertIntrinsicFailure("States.UUID(1)", "{}");
    }
  }
}
