package io.sluice.statemachine.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSyntaxTest {
  @ParameterizedTest
  @ValueSource(strings = {"$", "$.a.b", "$['a']", "$['a b'].c", "$.a[0]", "$.a[0][1].b",
      "$$", "$$.Execution.Id", "$$.Map.Item.Value", "$var", "$var.field[2]", "$_x"})
  void acceptsReferencePaths(String path) {
    assertThat(PathSyntax.checkReferencePath(path)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"$.a[*]", "$..a", "$.a[?(@.b > 1)]", "$.a[0,1]", "$.a[0:2]", "$.*"})
  void refusesPathsThatMaySelectSeveralNodesWhereAReferencePathIsNeeded(String path) {
    assertThat(PathSyntax.checkPath(path)).isNull();
    assertThat(PathSyntax.checkReferencePath(path)).contains("not a reference path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b", "$.", "$.a[", "$.a]", "$a b", "$['a", "@.a", "$.a..", "$x-y"})
  void refusesMalformedPaths(String path) {
    assertThat(PathSyntax.checkPath(path)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"States.UUID()", "States.Format('{} and {}', $.a, $$.Execution.Id)",
      "States.Format('it\\'s \\{not\\} a placeholder')", "States.Array(1, -2.5, true, null, 'x')",
      "States.ArrayGetItem(States.ArrayRange(1, 10, 1), $.i)", "States.JsonMerge($.a, $.b, false)",
      " States.MathAdd( $.n , 1 ) ", "States.Format('{}', $.a[0]['b,c'])"})
  void acceptsIntrinsicCalls(String call) {
    assertThat(PathSyntax.checkIntrinsic(call.strip())).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"States.Format('{}', $.a", "States.Nope()", "States.Format('x)",
      "States.Format('{}' $.a)", "States.UUID() extra", "States.Array(,)", "States.Array(bogus)",
      "States.MathAdd($.a., 1)"})
  void refusesMalformedIntrinsicCalls(String call) {
    assertThat(PathSyntax.checkIntrinsic(call)).isNotNull();
  }

  @Property
  void everyReportedLocationIsItselfAValidPath(@ForAll("names") String first,
      @ForAll("names") String second) {
    String path = Location.root().field("States").field(first).field(second).index(0).path();
    assertThat(PathSyntax.checkReferencePath(path)).as(path).isNull();
  }

  @Property
  void theIntrinsicParserNeverThrows(@ForAll("intrinsicLike") String text) {
    PathSyntax.checkIntrinsic(text);
  }

  @Test
  void aPathArgumentEndingInsideAQuoteWithABackslashIsAProblemNotACrash() {
    // Found by theIntrinsicParserNeverThrows: the escape skipped past the end of the text.
    assertThat(PathSyntax.checkIntrinsic("States.S($SSSSSSSSSSSSSSSSS'\\")).contains("not a valid intrinsic function call");
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20);
  }

  @Provide
  Arbitrary<String> intrinsicLike() {
    return Arbitraries.strings().withChars("States.Format()',$.[]\\ 1ab{}").ofMaxLength(30)
        .map(s -> "States." + s);
  }
}
