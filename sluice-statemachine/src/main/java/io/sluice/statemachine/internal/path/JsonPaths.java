package io.sluice.statemachine.internal.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads JSONPath expressions with Jayway JsonPath (what Step Functions uses) over Jackson trees. */
public final class JsonPaths {
  /** The mapper the interpreter uses everywhere. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final Configuration CONFIGURATION = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
      .mappingProvider(new JacksonMappingProvider(MAPPER))
      .build();
  private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

  private JsonPaths() {}

  /** Thrown when a path selects nothing; the message is Jayway's, e.g. {@code No results for path: $['a']}. */
  public static final class NoResult extends RuntimeException {
    public NoResult(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Evaluates {@code path} ({@code $...}) against {@code document}. A definite path yields the node it
   * selects; an indefinite one ({@code [*]}, slices, filters) yields an array of every match.
   *
   * @throws NoResult when a definite path selects nothing
   * @throws IllegalArgumentException when the path is not valid JSONPath
   */
  public static JsonNode read(JsonNode document, String path) {
    if ("$".equals(path)) {
      return document;
    }
    JsonPath compiled;
    try {
      compiled = COMPILED.computeIfAbsent(path, JsonPath::compile);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("Invalid JSONPath '" + path + "': " + e.getMessage(), e);
    }
    Object result;
    try {
      result = compiled.read(document == null ? JsonNodeFactory.instance.nullNode() : document, CONFIGURATION);
    } catch (PathNotFoundException e) {
      if (!compiled.isDefinite()) {
        return JsonNodeFactory.instance.arrayNode();
      }
      throw new NoResult(e.getMessage());
    } catch (InvalidPathException e) {
      throw new NoResult(e.getMessage());
    }
    if (result instanceof JsonNode node) {
      return node;
    }
    return MAPPER.valueToTree(result);
  }

  /** Whether the path is definite (selects at most one node). */
  public static boolean isDefinite(String path) {
    return "$".equals(path) || COMPILED.computeIfAbsent(path, JsonPath::compile).isDefinite();
  }
}
