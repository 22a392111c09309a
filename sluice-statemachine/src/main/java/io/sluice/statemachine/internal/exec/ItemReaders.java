package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.ObjectSummary;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.model.StateDef;
import io.sluice.statemachine.internal.path.JsonPaths;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A Distributed Map's {@code ItemReader}: an S3 listing ({@code arn:aws:states:::s3:listObjectsV2}: one item
 * per object, with {@code Etag}, {@code Key}, {@code LastModified}, {@code Size} and {@code StorageClass} as
 * far as the source knows them) or one object ({@code arn:aws:states:::s3:getObject}) read as JSON (an
 * array, or an object whose entries become items with {@code $$.Map.Item.Key}), JSON Lines or CSV ({@code
 * ReaderConfig.InputType}), through the interpreter's {@link io.sluice.statemachine.ObjectSource}. Items are
 * produced one at a time; {@code ReaderConfig.MaxItems} caps how many. Failures are {@code
 * States.ItemReaderFailed}.
 */
final class ItemReaders {
  private ItemReaders() {}

  /** One item, with its key when it comes from a JSON object's entries. */
  record Item(JsonNode value, String key) {}

  static Iterator<Item> open(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states) {
    JsonNode reader = m.itemReader();
    String resource = reader.path("Resource").asText();
    JsonNode params = m.jsonata()
        ? s.jsonata("Arguments", reader.get("Arguments"), states)
        : s.template(reader.get("Parameters"), effective);
    JsonNode config = reader.path("ReaderConfig");
    long maxItems = Long.MAX_VALUE;
    JsonNode max = config.has("MaxItemsPath") && !m.jsonata()
        ? s.selectPath(effective, config.get("MaxItemsPath").asText())
        : m.jsonata() ? s.jsonata("MaxItems", config.get("MaxItems"), states) : config.get("MaxItems");
    if (max != null && !max.isNull()) {
      if (!max.canConvertToLong() || max.asLong() < 0) {
        throw s.runtime("The MaxItems field must be a non-negative integer but was: " + Payloads.compact(max));
      }
      if (max.asLong() > 0) {
        maxItems = max.asLong();
      }
    }
    String bucket = params == null ? null : params.path("Bucket").asText(null);
    if (bucket == null) {
      throw new StatesError("States.ItemReaderFailed", "The ItemReader needs a Bucket parameter");
    }
    Iterator<Item> items;
    try {
      if (resource.startsWith("arn:aws:states:::s3:listObjectsV2")) {
        String prefix = params.path("Prefix").asText("");
        List<ObjectSummary> objects = s.run().settings.objectSource().listObjects(bucket, prefix);
        items = map(objects.iterator(), o -> new Item(listingItem(o), null));
      } else if (resource.startsWith("arn:aws:states:::s3:getObject")) {
        String key = params.path("Key").asText(null);
        if (key == null) {
          throw new StatesError("States.ItemReaderFailed", "The ItemReader needs a Key parameter");
        }
        byte[] content = s.run().settings.objectSource().get(bucket, key);
        String type = config.path("InputType").asText("JSON");
        items = switch (type) {
          case "JSON" -> json(content);
          case "JSONL" -> jsonLines(content);
          case "CSV" -> CsvItems.read(content, config);
          default -> throw new StatesError("States.ItemReaderFailed", "Unsupported InputType " + type);
        };
      } else {
        throw new StatesError("States.ItemReaderFailed", "Unsupported ItemReader resource " + resource);
      }
    } catch (NoSuchElementException | UnsupportedOperationException | UncheckedIOException e) {
      throw new StatesError("States.ItemReaderFailed", e.getMessage(), e);
    }
    return limit(items, maxItems);
  }

  /**
   * An {@code s3:listObjectsV2} item as AWS shapes it: {@code Etag}, {@code Key}, {@code LastModified}
   * (epoch seconds), {@code Size}, {@code StorageClass}, in that order; unknown fields are left out.
   */
  static ObjectNode listingItem(ObjectSummary o) {
    ObjectNode item = StateRun.JSON.objectNode();
    if (o.etag() != null) {
      item.put("Etag", o.etag());
    }
    item.put("Key", o.key());
    if (o.lastModified() != null) {
      item.put("LastModified", o.lastModified().getEpochSecond());
    }
    if (o.size() != null) {
      item.put("Size", o.size());
    }
    if (o.storageClass() != null) {
      item.put("StorageClass", o.storageClass());
    }
    return item;
  }

  private static Iterator<Item> json(byte[] content) {
    try {
      JsonParser parser = JsonPaths.MAPPER.createParser(content);
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        JsonNode object = JsonPaths.MAPPER.readTree(parser);
        Iterator<Map.Entry<String, JsonNode>> entries = object.properties().iterator();
        return map(entries, e -> new Item(e.getValue(), e.getKey()));
      }
      if (first != JsonToken.START_ARRAY) {
        throw new StatesError("States.ItemReaderFailed", "The JSON object is neither an array nor an object");
      }
      return new Iterator<>() {
        JsonToken next = advance();

        private JsonToken advance() {
          try {
            return parser.nextToken();
          } catch (IOException e) {
            throw new StatesError("States.ItemReaderFailed", "Invalid JSON: " + e.getMessage());
          }
        }

        @Override
        public boolean hasNext() {
          return next != null && next != JsonToken.END_ARRAY;
        }

        @Override
        public Item next() {
          try {
            JsonNode node = JsonPaths.MAPPER.readTree(parser);
            next = advance();
            return new Item(node, null);
          } catch (IOException e) {
            throw new StatesError("States.ItemReaderFailed", "Invalid JSON: " + e.getMessage());
          }
        }
      };
    } catch (IOException e) {
      throw new StatesError("States.ItemReaderFailed", "Invalid JSON: " + e.getMessage());
    }
  }

  private static Iterator<Item> jsonLines(byte[] content) {
    BufferedReader lines = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8));
    return new Iterator<>() {
      String next = read();

      private String read() {
        try {
          String line;
          do {
            line = lines.readLine();
          } while (line != null && line.isBlank());
          return line;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Item next() {
        try {
          JsonNode node = JsonPaths.MAPPER.readTree(next);
          next = read();
          return new Item(node, null);
        } catch (IOException e) {
          throw new StatesError("States.ItemReaderFailed", "Invalid JSON line: " + e.getMessage());
        }
      }
    };
  }

  static <A> Iterator<Item> map(Iterator<A> source, java.util.function.Function<A, Item> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public Item next() {
        return f.apply(source.next());
      }
    };
  }

  private static Iterator<Item> limit(Iterator<Item> source, long max) {
    return new Iterator<>() {
      long taken;

      @Override
      public boolean hasNext() {
        return taken < max && source.hasNext();
      }

      @Override
      public Item next() {
        taken++;
        return source.next();
      }
    };
  }

  /** Items from an in-memory array or object (ItemsPath / Items). */
  static Iterator<Item> of(JsonNode items) {
    if (items.isObject()) {
      return map(items.properties().iterator(), e -> new Item(e.getValue(), e.getKey()));
    }
    List<Item> list = new ArrayList<>(items.size());
    items.forEach(v -> list.add(new Item(v, null)));
    return list.iterator();
  }
}
