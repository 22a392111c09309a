package io.sluice.statemachine.internal.choice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.internal.PathResolver;
import io.sluice.statemachine.internal.intrinsics.TestPaths;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class ChoicePropertiesTest {
  private static boolean eval(String op, String operand, String value) {
    ObjectNode rule = JsonNodeFactory.instance.objectNode().put("Variable", "$.v").put(op, operand);
    ObjectNode input = JsonNodeFactory.instance.objectNode().put("v", value);
    PathResolver paths = TestPaths.over(input, JsonNodeFactory.instance.objectNode(), Map.of());
    return ChoiceRule.parse(rule).matches(paths);
  }

  @Property
  void stringMatchesWithoutWildcardsEqualsStringEquals(
      @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'c') String pattern,
      @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'c') String value) {
    assertThat(eval("StringMatches", pattern, value)).isEqualTo(eval("StringEquals", pattern, value));
  }

  @Property
  void starMatchesEveryString(@ForAll @StringLength(max = 30) String value) {
    assertThat(eval("StringMatches", "*", value)).isTrue();
  }

  @Property
  void prefixPatternMatchesExactlyTheStringsWithThatPrefix(
      @ForAll @StringLength(max = 4) @CharRange(from = 'a', to = 'b') String prefix,
      @ForAll @StringLength(max = 8) @CharRange(from = 'a', to = 'b') String value) {
    assertThat(eval("StringMatches", prefix + "*", value)).isEqualTo(value.startsWith(prefix));
  }

  @Property
  void exactlyOneOfLessEqualGreaterHolds(@ForAll @StringLength(max = 6) String a, @ForAll @StringLength(max = 6) String b) {
    int holds = (eval("StringLessThan", b, a) ? 1 : 0) + (eval("StringEquals", b, a) ? 1 : 0)
        + (eval("StringGreaterThan", b, a) ? 1 : 0);
    assertThat(holds).isEqualTo(1);
    assertThat(eval("StringLessThanEquals", b, a)).isEqualTo(eval("StringLessThan", b, a) || a.equals(b));
  }
}
