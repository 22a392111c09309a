package io.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The command's own JSON mapper, for definitions, inputs and outputs it reads and prints. The
 * command never needs Sluice's internal JSON configuration: what it shows of a run comes from the
 * run protocol's readers.
 */
final class CliJson {
  /** Configured once here, never changed after (ObjectMapper is thread-safe once configured). */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private CliJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
