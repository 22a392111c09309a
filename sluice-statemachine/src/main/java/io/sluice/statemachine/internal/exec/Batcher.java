package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.internal.model.StateDef;
import java.util.Iterator;

/**
 * A Distributed Map's {@code ItemBatcher}: groups items into child inputs {@code {"Items": [...],
 * "BatchInput": {...}}} (as AWS shapes them; {@code BatchInput} only when given), at most {@code MaxItemsPerBatch} items (or {@code
 * MaxItemsPerBatchPath}) and at most {@code MaxInputBytesPerBatch} bytes each (a single item over the byte
 * limit still forms a batch of its own).
 */
final class Batcher {
  private final int maxItems;
  private final long maxBytes;
  private final JsonNode batchInput;
  private JsonNode pending;
  /** How many items the last batch held. */
  int lastSize;

  private Batcher(int maxItems, long maxBytes, JsonNode batchInput) {
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
    this.batchInput = batchInput;
  }

  /** The batcher of a Map state, or null when it has no ItemBatcher. */
  static Batcher of(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states) {
    JsonNode b = m.itemBatcher();
    if (b == null || !b.isObject()) {
      return null;
    }
    int maxItems = MapInputs.nonNegative(s, "MaxItemsPerBatch", b.get("MaxItemsPerBatch"),
        b.has("MaxItemsPerBatchPath") ? b.get("MaxItemsPerBatchPath").asText() : null, effective, states, 0);
    int maxBytes = MapInputs.nonNegative(s, "MaxInputBytesPerBatch", b.get("MaxInputBytesPerBatch"),
        b.has("MaxInputBytesPerBatchPath") ? b.get("MaxInputBytesPerBatchPath").asText() : null, effective, states, 0);
    JsonNode batchInput = b.get("BatchInput");
    if (batchInput != null) {
      batchInput = m.jsonata() ? s.jsonata("BatchInput", batchInput, states) : s.template(batchInput, effective);
    }
    return new Batcher(maxItems <= 0 ? Integer.MAX_VALUE : maxItems, maxBytes <= 0 ? Long.MAX_VALUE : maxBytes,
        batchInput);
  }

  /** Shapes one item (ItemSelector) given its index. */
  @FunctionalInterface
  interface Shaper {
    JsonNode shape(ItemReaders.Item item, long index);
  }

  /** Whether another batch can be formed. */
  boolean hasNext(Iterator<ItemReaders.Item> items) {
    return pending != null || items.hasNext();
  }

  /** The next batch's input, starting at item {@code index}. */
  JsonNode next(Iterator<ItemReaders.Item> items, Shaper shaper, long index) {
    ObjectNode batch = StateRun.JSON.objectNode();
    ArrayNode list = batch.putArray("Items");
    long bytes = 0;
    long i = index;
    while (list.size() < maxItems) {
      JsonNode item;
      if (pending != null) {
        item = pending;
        pending = null;
      } else if (items.hasNext()) {
        item = shaper.shape(items.next(), i);
      } else {
        break;
      }
      long size = Payloads.size(item);
      if (!list.isEmpty() && bytes + size > maxBytes) {
        pending = item;
        break;
      }
      bytes += size;
      list.add(item);
      i++;
    }
    lastSize = list.size();
    if (batchInput != null) {
      batch.set("BatchInput", batchInput);
    }
    return batch;
  }
}
