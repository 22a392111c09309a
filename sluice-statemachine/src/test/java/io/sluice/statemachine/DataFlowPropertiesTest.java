package io.sluice.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.testing.VirtualClock;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of JSONPath data flow compositions (InputPath, Parameters, ResultPath, OutputPath). */
class DataFlowPropertiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  static JsonNode runPass(ObjectNode passState, JsonNode input) {
    ObjectNode def = F.objectNode();
    def.put("StartAt", "P");
    passState.put("Type", "Pass");
    passState.put("End", true);
    def.putObject("States").set("P", passState);
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).build().run(StateMachine.parse(def), input);
    assertThat(r.status()).as(r.error() + " " + r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    return r.output();
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return Arbitraries.lazyOf(this::scalars, () -> arrays(2), () -> objects(2));
  }

  Arbitrary<JsonNode> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(8).map(F::textNode),
        Arbitraries.integers().map(F::numberNode),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.just(F.nullNode()));
  }

  Arbitrary<JsonNode> arrays(int depth) {
    return nested(depth).list().ofMaxSize(3).map(list -> {
      ArrayNode a = F.arrayNode();
      list.forEach(a::add);
      return (JsonNode) a;
    });
  }

  Arbitrary<JsonNode> objects(int depth) {
    return objectsOf(depth).map(o -> (JsonNode) o);
  }

  Arbitrary<JsonNode> nested(int depth) {
    return depth <= 0 ? scalars() : Arbitraries.oneOf(scalars(), arrays(depth - 1), objects(depth - 1));
  }

  Arbitrary<ObjectNode> objectsOf(int depth) {
    Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3);
    return Combinators.combine(keys.list().ofMaxSize(4), nested(depth).list().ofSize(4)).as((ks, vs) -> {
      ObjectNode o = F.objectNode();
      for (int i = 0; i < ks.size(); i++) {
        o.set(ks.get(i), vs.get(i));
      }
      return o;
    });
  }

  @Provide
  Arbitrary<ObjectNode> inputs() {
    return objectsOf(2);
  }

  @Provide
  Arbitrary<List<String>> fieldPaths() {
    return Arbitraries.strings().withCharRange('f', 'k').ofMinLength(1).ofMaxLength(4).list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 60)
  void resultPathThenOutputPathOnTheSamePathGivesTheResult(@ForAll("inputs") ObjectNode input,
      @ForAll("values") JsonNode result, @ForAll("fieldPaths") List<String> fields) {
    // Fields f..k never clash with the input's keys a..e, so every step lands on an object.
    String path = "$." + String.join(".", fields);
    ObjectNode pass = F.objectNode();
    pass.set("Result", result);
    pass.put("ResultPath", path);
    pass.put("OutputPath", path);
    assertThat(runPass(pass, input)).isEqualTo(result);
  }

  @Property(tries = 60)
  void resultPathKeepsEveryOtherField(@ForAll("inputs") ObjectNode input, @ForAll("values") JsonNode result,
      @ForAll("fieldPaths") List<String> fields) {
    ObjectNode pass = F.objectNode();
    pass.set("Result", result);
    pass.put("ResultPath", "$." + String.join(".", fields));
    JsonNode out = runPass(pass, input);
    input.properties().forEach(e -> assertThat(out.get(e.getKey())).isEqualTo(e.getValue()));
    assertThat(out.get(fields.get(0))).isNotNull();
  }

  @Property(tries = 60)
  void inputPathAndResultPathDollarGiveTheResult(@ForAll("inputs") ObjectNode input, @ForAll("values") JsonNode result) {
    ObjectNode pass = F.objectNode();
    pass.set("Result", result);
    pass.put("InputPath", "$");
    pass.put("ResultPath", "$");
    assertThat(runPass(pass, input)).isEqualTo(result);
  }

  @Property(tries = 60)
  void resultPathNullKeepsTheInput(@ForAll("values") JsonNode input, @ForAll("values") JsonNode result) {
    ObjectNode pass = F.objectNode();
    pass.set("Result", result);
    pass.putNull("ResultPath");
    assertThat(runPass(pass, input)).isEqualTo(input);
  }

  @Property(tries = 60)
  void aPassWithoutFieldsIsTheIdentity(@ForAll("values") JsonNode input) {
    assertThat(runPass(F.objectNode(), input)).isEqualTo(input);
  }

  @Property(tries = 60)
  void inputPathThenParametersSelectsTheField(@ForAll("inputs") ObjectNode input, @ForAll("values") JsonNode value) {
    ObjectNode in = input.deepCopy();
    in.set("sel", value);
    ObjectNode pass = F.objectNode();
    pass.put("InputPath", "$.sel");
    pass.putObject("Parameters").put("v.$", "$");
    JsonNode out = runPass(pass, in);
    assertThat(out).isEqualTo(F.objectNode().set("v", value));
  }

  @Property(tries = 60)
  void staticParametersIgnoreTheInput(@ForAll("values") JsonNode input, @ForAll("inputs") ObjectNode parameters) {
    ObjectNode pass = F.objectNode();
    pass.set("Parameters", parameters);
    assertThat(runPass(pass, input)).isEqualTo(parameters);
  }

  @Property(tries = 60)
  void resultPathOnADeeperPathThenOutputPathOnItsParent(@ForAll("inputs") ObjectNode input,
      @ForAll("values") JsonNode result) {
    ObjectNode pass = F.objectNode();
    pass.set("Result", result);
    pass.put("ResultPath", "$.g.h");
    pass.put("OutputPath", "$.g");
    assertThat(runPass(pass, input)).isEqualTo(F.objectNode().set("h", result));
  }

  @Property(tries = 40)
  void outputPathNullAlwaysGivesAnEmptyObject(@ForAll("values") JsonNode input) {
    ObjectNode pass = F.objectNode();
    pass.putNull("OutputPath");
    assertThat(runPass(pass, input)).isEqualTo(F.objectNode());
  }
}
