package io.sluice.table.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.record.Schema;
import io.sluice.table.DataFile;
import io.sluice.table.PartitionSpec;
import io.sluice.table.TableDefinition;
import io.sluice.table.TableSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a manifest, one full {@link TableSnapshot}:
 *
 * <pre>{@code
 * {"sluiceTable": 1, "version": 7, "timestamp": "2026-12-02T10:15:00Z", "operation": "compact",
 *  "table": {"name": "orders", "schema": "id bigint not null, ...", "partitionSpec": "year(ts), month(ts)", "format": "parquet"},
 *  "added": [DataFile...], "removed": [DataFile...], "files": [DataFile...]}
 * }</pre>
 *
 * The schema is {@link Schema#toSql()} text and the spec {@link PartitionSpec#toString()} text, each
 * read back equal. Readers refuse a {@code sluiceTable} layout version they do not know.
 */
public final class ManifestCodec {
  /** The layout version this code writes and reads. */
  public static final int LAYOUT = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestCodec() {}

  /** The manifest's bytes (UTF-8 JSON). */
  public static byte[] write(TableSnapshot s) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("sluiceTable", LAYOUT);
    root.put("version", s.version());
    root.put("timestamp", s.timestamp().toString());
    root.put("operation", s.operation());
    ObjectNode table = root.putObject("table");
    TableDefinition d = s.definition();
    table.put("name", d.name());
    table.put("schema", d.schema().toSql());
    table.put("partitionSpec", d.spec().toString());
    table.put("format", d.format());
    root.set("added", files(s.added()));
    root.set("removed", files(s.removed()));
    root.set("files", files(s.files()));
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the manifest of version " + s.version() + ": " + e.getMessage(), e);
    }
  }

  private static ArrayNode files(List<DataFile> files) {
    ArrayNode a = MAPPER.createArrayNode();
    for (DataFile f : files) {
      ObjectNode o = a.addObject();
      o.put("path", f.path());
      o.put("partition", f.partition());
      ObjectNode values = o.putObject("partitionValues");
      f.partitionValues().forEach(values::put);
      o.put("rows", f.rows());
      o.put("bytes", f.bytes());
    }
    return a;
  }

  /**
   * The snapshot in {@code bytes}, read from {@code key} (named in errors).
   *
   * @throws IllegalArgumentException naming the key and what is wrong if the manifest is corrupt, of
   *     an unknown layout, or inconsistent
   */
  public static TableSnapshot read(byte[] bytes, String key) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException("Manifest '" + key + "' is not valid JSON: " + why, e);
    }
    try {
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("it is not a JSON object");
      }
      int layout = required(root, "sluiceTable").asInt();
      if (layout != LAYOUT) {
        throw new IllegalArgumentException("its layout version is " + layout + ", and this Sluice reads " + LAYOUT
            + ": read it with the Sluice version that wrote it");
      }
      JsonNode table = required(root, "table");
      Schema schema = Schema.parse(text(table, "schema"));
      PartitionSpec spec = PartitionSpec.parse(text(table, "partitionSpec"), schema);
      TableDefinition definition = new TableDefinition(text(table, "name"), spec, text(table, "format"));
      return new TableSnapshot(required(root, "version").asLong(), definition, files(root, "files"), text(root, "operation"),
          files(root, "added"), files(root, "removed"), Instant.parse(text(root, "timestamp")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Manifest '" + key + "' is corrupt: " + e.getMessage(), e);
    }
  }

  private static List<DataFile> files(JsonNode root, String name) {
    JsonNode a = required(root, name);
    if (!a.isArray()) {
      throw new IllegalArgumentException("'" + name + "' is not an array");
    }
    List<DataFile> out = new ArrayList<>(a.size());
    for (JsonNode o : a) {
      Map<String, String> values = new LinkedHashMap<>();
      JsonNode v = required(o, "partitionValues");
      v.fieldNames().forEachRemaining(k -> values.put(k, v.get(k).isNull() ? null : v.get(k).asText()));
      out.add(new DataFile(text(o, "path"), text(o, "partition"), values, required(o, "rows").asLong(),
          required(o, "bytes").asLong()));
    }
    return out;
  }

  private static JsonNode required(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("'" + name + "' is missing");
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = required(node, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + name + "' is not a string");
    }
    return v.asText();
  }
}
