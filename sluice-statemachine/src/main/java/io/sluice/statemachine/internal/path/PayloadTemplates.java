package io.sluice.statemachine.internal.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.intrinsics.IntrinsicFunctions;
import java.util.Map;

/**
 * Expands a JSONPath payload template ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector},
 * {@code Assign}, ...): a key ending in {@code .$} takes the value its path, context path, variable
 * reference or intrinsic call yields, and loses the suffix; every other value is copied, objects and
 * arrays recursively.
 */
public final class PayloadTemplates {
  private PayloadTemplates() {}

  /** Resolves the path of one {@code .$} field; throws the StatesError that field calls for. */
  @FunctionalInterface
  public interface FieldResolver {
    JsonNode resolve(String field, String path) throws StatesError;
  }

  public static JsonNode expand(JsonNode template, FieldResolver resolver) {
    if (template == null) {
      return null;
    }
    if (template.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : template.properties()) {
        String key = e.getKey();
        if (key.endsWith(".$") && e.getValue().isTextual()) {
          String expression = e.getValue().asText();
          JsonNode value = IntrinsicFunctions.isIntrinsic(expression)
              ? IntrinsicFunctions.evaluate(expression, p -> resolver.resolve(key, p))
              : resolver.resolve(key, expression);
          out.set(key.substring(0, key.length() - 2), value);
        } else {
          out.set(key, expand(e.getValue(), resolver));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      template.forEach(v -> out.add(expand(v, resolver)));
      return out;
    }
    return template;
  }
}
