package io.sluice.statemachine.internal.intrinsics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.internal.PathResolver;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class IntrinsicPropertiesTest {
  private static PathResolver input(ObjectNode o) {
    return TestPaths.over(o, JsonNodeFactory.instance.objectNode(), Map.of());
  }

  @Property
  void base64DecodeInvertsEncode(@ForAll @StringLength(max = 200) String s) {
    ObjectNode in = JsonNodeFactory.instance.objectNode().put("s", s);
    JsonNode encoded = IntrinsicFunctions.evaluate("States.Base64Encode($.s)", input(in));
    in.set("e", encoded);
    assertThat(IntrinsicFunctions.evaluate("States.Base64Decode($.e)", input(in)).textValue()).isEqualTo(s);
  }

  @Property
  void arrayPartitionConcatenatesBackToInput(@ForAll @Size(max = 40) List<Integer> items,
      @ForAll @IntRange(min = 1, max = 12) int size) {
    ObjectNode in = JsonNodeFactory.instance.objectNode();
    ArrayNode arr = in.putArray("a");
    items.forEach(arr::add);
    in.put("n", size);
    JsonNode chunks = IntrinsicFunctions.evaluate("States.ArrayPartition($.a, $.n)", input(in));
    ArrayNode joined = JsonNodeFactory.instance.arrayNode();
    for (JsonNode chunk : chunks) {
      assertThat(chunk.size()).isBetween(1, size);
      chunk.forEach(joined::add);
    }
    assertThat(joined).isEqualTo(arr);
  }

  @Property
  void stringSplitPartsContainNoDelimiterAndRejoinWithoutEmptyParts(
      @ForAll @StringLength(max = 60) @CharRange(from = 'a', to = 'e') String s) {
    ObjectNode in = JsonNodeFactory.instance.objectNode().put("s", s);
    JsonNode parts = IntrinsicFunctions.evaluate("States.StringSplit($.s, 'c')", input(in));
    StringBuilder rejoined = new StringBuilder();
    for (JsonNode p : parts) {
      assertThat(p.textValue()).isNotEmpty().doesNotContain("c");
      rejoined.append(p.textValue());
    }
    assertThat(rejoined.toString()).isEqualTo(s.replace("c", ""));
  }

  @Property
  void formatWithOnePlaceholderSurroundsTheArgument(
      @ForAll @StringLength(max = 30) @CharRange(from = 'a', to = 'z') String prefix,
      @ForAll @StringLength(max = 30) String value) {
    ObjectNode in = JsonNodeFactory.instance.objectNode().put("v", value);
    JsonNode r = IntrinsicFunctions.evaluate("States.Format('" + prefix + "{}!', $.v)", input(in));
    assertThat(r.textValue()).isEqualTo(prefix + value + "!");
  }

  @Property
  void jsonToStringThenStringToJsonRoundTrips(@ForAll @Size(max = 10) List<@StringLength(max = 10) String> items) {
    ObjectNode in = JsonNodeFactory.instance.objectNode();
    ArrayNode arr = in.putArray("a");
    items.forEach(arr::add);
    in.set("s", IntrinsicFunctions.evaluate("States.JsonToString($.a)", input(in)));
    assertThat(IntrinsicFunctions.evaluate("States.StringToJson($.s)", input(in))).isEqualTo(arr);
  }

  @Property
  void arrayRangeLengthMatchesArithmetic(@ForAll @IntRange(min = -50, max = 50) int start,
      @ForAll @IntRange(min = -50, max = 50) int end, @ForAll @IntRange(min = 1, max = 7) int step) {
    JsonNode r = IntrinsicFunctions.evaluate("States.ArrayRange(" + start + ", " + end + ", " + step + ")",
        TestPaths.over("{}"));
    int expected = end >= start ? (end - start) / step + 1 : 0;
    assertThat(r.size()).isEqualTo(expected);
  }
}
