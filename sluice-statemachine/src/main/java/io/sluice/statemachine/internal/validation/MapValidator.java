package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** Validates a Map state: items, ItemProcessor (or legacy Iterator), and Distributed Map fields. */
final class MapValidator {
  private static final Set<String> PROCESSOR_FIELDS =
      Set.of("StartAt", "States", "Comment", "ProcessorConfig");
  private static final Set<String> READER_CONFIG_FIELDS = Set.of("InputType", "CSVHeaderLocation",
      "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath", "ManifestType");
  /** 256 KiB, the most a batch's input may hold. */
  private static final long MAX_BATCH_BYTES = 262_144L;

  private final Checks checks;
  private final Problems problems;
  private final StateValidator states;

  MapValidator(Checks checks, StateValidator states) {
    this.checks = checks;
    this.problems = checks.problems;
    this.states = states;
  }

  void validate(StateView state) {
    JsonNode field;
    if ((field = state.get("ItemsPath")) != null) {
      checks.referencePath(field, state.at("ItemsPath"));
    }
    if ((field = state.get("Items")) != null && !field.isArray()) {
      if (Checks.isJsonata(field)) {
        checks.jsonataExpression(field.textValue(), state.at("Items"));
      } else {
        problems.add(state.at("Items"), "must be an array or a {% %} JSONata expression, not "
            + Checks.describe(field));
      }
    }
    if ((field = state.get("ItemSelector")) != null) {
      if (state.jsonata()) {
        states.objectOrExpression(field, state.at("ItemSelector"));
      } else {
        checks.objectTemplate(field, state.at("ItemSelector"));
      }
    }
    states.exclusive(state, "ItemSelector", "Parameters");
    processor(state);
    count(state, "MaxConcurrency", 0, Checks.MAX_SECONDS);
    count(state, "ToleratedFailureCount", 0, Checks.MAX_SECONDS);
    JsonNode percentage = state.get("ToleratedFailurePercentage");
    if (percentage != null) {
      checks.jsonataOr(state.jsonata(), percentage, state.at("ToleratedFailurePercentage"),
          () -> checks.number(percentage, state.at("ToleratedFailurePercentage"), 0, 100));
    }
    for (String name : List.of("MaxConcurrency", "ToleratedFailureCount",
        "ToleratedFailurePercentage")) {
      if ((field = state.get(name + "Path")) != null) {
        checks.referencePath(field, state.at(name + "Path"));
      }
      states.exclusive(state, name, name + "Path");
    }
    if ((field = state.get("Label")) != null && checks.string(field, state.at("Label"))
        && field.textValue().length() > 40) {
      problems.add(state.at("Label"), "a Map Label is at most 40 characters long");
    }
    if ((field = state.get("ItemReader")) != null) {
      itemReader(state, field, state.at("ItemReader"));
    }
    if ((field = state.get("ItemBatcher")) != null) {
      itemBatcher(state, field, state.at("ItemBatcher"));
    }
    if ((field = state.get("ResultWriter")) != null) {
      resultWriter(state, field, state.at("ResultWriter"));
    }
  }

  private void processor(StateView state) {
    JsonNode processor = state.get("ItemProcessor");
    JsonNode iterator = state.get("Iterator");
    if (processor == null && iterator == null) {
      problems.add(state.at("ItemProcessor"), "missing required field 'ItemProcessor'");
    } else if (processor != null && iterator != null) {
      problems.add(state.at("Iterator"), "'ItemProcessor' and its legacy name 'Iterator' cannot"
          + " both be given");
    }
    // The legacy Iterator takes the same fields, ProcessorConfig included.
    for (String name : List.of("ItemProcessor", "Iterator")) {
      JsonNode node = state.get(name);
      if (node == null) {
        continue;
      }
      Location at = state.at(name);
      states.subMachine(node, at, PROCESSOR_FIELDS, "Map " + name);
      JsonNode config = node.isObject() ? node.get("ProcessorConfig") : null;
      if (config != null) {
        processorConfig(config, at.field("ProcessorConfig"));
      }
    }
  }

  private void processorConfig(JsonNode config, Location at) {
    if (!checks.object(config, at)) {
      return;
    }
    unknownFields(config, at, Set.of("Mode", "ExecutionType"), "ProcessorConfig");
    JsonNode mode = config.get("Mode");
    if (mode != null) {
      checks.oneOf(mode, at.field("Mode"), Set.of("INLINE", "DISTRIBUTED"));
    }
    JsonNode executionType = config.get("ExecutionType");
    if (executionType != null) {
      checks.oneOf(executionType, at.field("ExecutionType"), Set.of("STANDARD", "EXPRESS"));
    } else if (mode != null && "DISTRIBUTED".equals(mode.textValue())) {
      problems.add(at.field("ExecutionType"), "a DISTRIBUTED Map needs an ExecutionType,"
          + " STANDARD or EXPRESS");
    }
  }

  private void itemReader(StateView state, JsonNode reader, Location at) {
    if (!checks.object(reader, at)) {
      return;
    }
    resourceAndArguments(state, reader, at, "ItemReader", Set.of("ReaderConfig"));
    JsonNode config = reader.get("ReaderConfig");
    if (config == null || !checks.object(config, at.field("ReaderConfig"))) {
      return;
    }
    Location configAt = at.field("ReaderConfig");
    unknownFields(config, configAt, READER_CONFIG_FIELDS, "ReaderConfig");
    JsonNode maxItems = config.get("MaxItems");
    if (maxItems != null) {
      checks.jsonataOr(state.jsonata(), maxItems, configAt.field("MaxItems"),
          () -> checks.integer(maxItems, configAt.field("MaxItems"), 1, Checks.MAX_SECONDS));
    }
    JsonNode maxItemsPath = config.get("MaxItemsPath");
    if (maxItemsPath != null) {
      if (state.jsonata()) {
        problems.add(configAt.field("MaxItemsPath"), "'MaxItemsPath' is a JSONPath field; in a"
            + " JSONata Map give MaxItems a {% %} expression instead");
      } else {
        checks.referencePath(maxItemsPath, configAt.field("MaxItemsPath"));
      }
      if (maxItems != null) {
        problems.add(configAt.field("MaxItemsPath"), "'MaxItems' and 'MaxItemsPath' cannot both"
            + " be given");
      }
    }
  }

  private void itemBatcher(StateView state, JsonNode batcher, Location at) {
    if (!checks.object(batcher, at)) {
      return;
    }
    Set<String> fields = state.jsonata()
        ? Set.of("MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput")
        : Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath", "BatchInput");
    unknownFields(batcher, at, fields, "ItemBatcher of a " + state.language() + " Map");
    boolean sized = false;
    for (String name : List.of("MaxItemsPerBatch", "MaxInputBytesPerBatch")) {
      JsonNode value = batcher.get(name);
      long max = name.equals("MaxItemsPerBatch") ? Checks.MAX_SECONDS : MAX_BATCH_BYTES;
      if (value != null) {
        sized = true;
        checks.jsonataOr(state.jsonata(), value, at.field(name),
            () -> checks.integer(value, at.field(name), 1, max));
      }
      JsonNode path = batcher.get(name + "Path");
      if (path != null && fields.contains(name + "Path")) {
        sized = true;
        checks.referencePath(path, at.field(name + "Path"));
        if (value != null) {
          problems.add(at.field(name + "Path"), "'" + name + "' and '" + name + "Path' cannot both"
              + " be given");
        }
      }
    }
    if (!sized) {
      problems.add(at, "an ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch");
    }
    JsonNode batchInput = batcher.get("BatchInput");
    if (batchInput != null) {
      if (state.jsonata()) {
        states.objectOrExpression(batchInput, at.field("BatchInput"));
      } else {
        checks.objectTemplate(batchInput, at.field("BatchInput"));
      }
    }
  }

  private void resultWriter(StateView state, JsonNode writer, Location at) {
    if (!checks.object(writer, at)) {
      return;
    }
    resourceAndArguments(state, writer, at, "ResultWriter", Set.of("WriterConfig"));
    JsonNode config = writer.get("WriterConfig");
    if (config != null && checks.object(config, at.field("WriterConfig"))) {
      unknownFields(config, at.field("WriterConfig"), Set.of("OutputType", "Transformation"),
          "WriterConfig");
    }
  }

  /**
   * The Resource and its Parameters (JSONPath) or Arguments (JSONata) of an ItemReader or a
   * ResultWriter. A ResultWriter may instead have only a WriterConfig.
   */
  private void resourceAndArguments(StateView state, JsonNode node, Location at, String what,
      Set<String> extra) {
    String argumentsField = state.jsonata() ? "Arguments" : "Parameters";
    String otherField = state.jsonata() ? "Parameters" : "Arguments";
    node.fieldNames().forEachRemaining(name -> {
      if (name.equals(otherField)) {
        problems.add(at.field(name), "'" + name + "' cannot be used in the " + what + " of a "
            + state.language() + " Map; use '" + argumentsField + "'");
      } else if (!name.equals("Resource") && !name.equals(argumentsField) && !extra.contains(name)) {
        problems.add(at.field(name), "unknown field '" + name + "' in " + what);
      }
    });
    JsonNode resource = node.get("Resource");
    if (resource == null) {
      if (!node.has("WriterConfig")) {
        problems.add(at.field("Resource"), "missing required field 'Resource'");
      }
    } else {
      checks.string(resource, at.field("Resource"));
    }
    JsonNode arguments = node.get(argumentsField);
    if (arguments != null) {
      if (state.jsonata()) {
        states.objectOrExpression(arguments, at.field(argumentsField));
      } else {
        checks.objectTemplate(arguments, at.field(argumentsField));
      }
    }
  }

  private void count(StateView state, String name, long min, long max) {
    JsonNode value = state.get(name);
    if (value == null) {
      return;
    }
    checks.jsonataOr(state.jsonata(), value, state.at(name),
        () -> checks.integer(value, state.at(name), min, max));
  }

  private void unknownFields(JsonNode node, Location at, Set<String> fields, String what) {
    node.fieldNames().forEachRemaining(name -> {
      if (!fields.contains(name)) {
        problems.add(at.field(name), "unknown field '" + name + "' in " + what + "; it takes "
            + fields.stream().sorted().toList());
      }
    });
  }
}
