package io.sluice.statemachine.internal.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;
import java.util.Map;

/** A small {@link PathResolver} for tests: {@code $...} on the input, {@code $$...} on the context, {@code $name} on variables. */
public final class TestPaths {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Configuration CONF = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider())
      .mappingProvider(new JacksonMappingProvider())
      .build();

  private TestPaths() {}

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static PathResolver over(String inputJson) {
    return over(json(inputJson), json("{}"), Map.of());
  }

  public static PathResolver over(JsonNode input, JsonNode context, Map<String, JsonNode> variables) {
    return path -> {
      JsonNode root;
      String jsonPath;
      if (path.startsWith("$$")) {
        root = context;
        jsonPath = path.substring(1);
      } else if (path.equals("$") || path.startsWith("$.") || path.startsWith("$[")) {
        root = input;
        jsonPath = path;
      } else {
        int end = 1;
        while (end < path.length() && (Character.isLetterOrDigit(path.charAt(end)) || path.charAt(end) == '_')) {
          end++;
        }
        String name = path.substring(1, end);
        if (!variables.containsKey(name)) {
          throw new StatesError("States.Runtime", "Invalid path '" + path + "': the variable does not exist");
        }
        root = variables.get(name);
        jsonPath = "$" + path.substring(end);
      }
      try {
        return JsonPath.using(CONF).parse(root).read(jsonPath, JsonNode.class);
      } catch (PathNotFoundException e) {
        throw new StatesError("States.Runtime", "Invalid path '" + path + "' : " + e.getMessage());
      }
    };
  }
}
