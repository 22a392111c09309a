package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * CSV items for a Distributed Map: one object per row, keyed by the header ({@code CSVHeaderLocation}
 * {@code FIRST_ROW}, or {@code GIVEN} with {@code CSVHeaders}); values are strings. Quoted fields may hold
 * delimiters, doubled quotes and line breaks. {@code CSVDelimiter} is COMMA (default), PIPE, SEMICOLON,
 * SPACE or TAB.
 */
final class CsvItems {
  private CsvItems() {}

  static Iterator<ItemReaders.Item> read(byte[] content, JsonNode config) {
    char delimiter = switch (config.path("CSVDelimiter").asText("COMMA")) {
      case "PIPE" -> '|';
      case "SEMICOLON" -> ';';
      case "SPACE" -> ' ';
      case "TAB" -> '\t';
      default -> ',';
    };
    BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8));
    List<String> header;
    if ("GIVEN".equals(config.path("CSVHeaderLocation").asText("FIRST_ROW"))) {
      header = new ArrayList<>();
      config.path("CSVHeaders").forEach(h -> header.add(h.asText()));
    } else {
      header = row(in, delimiter);
      if (header == null) {
        throw new StatesError("States.ItemReaderFailed", "The CSV object has no header row");
      }
    }
    return new Iterator<>() {
      List<String> next = row(in, delimiter);

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public ItemReaders.Item next() {
        List<String> values = next;
        next = row(in, delimiter);
        ObjectNode item = StateRun.JSON.objectNode();
        for (int i = 0; i < header.size(); i++) {
          item.put(header.get(i), i < values.size() ? values.get(i) : "");
        }
        return new ItemReaders.Item(item, null);
      }
    };
  }

  /** Reads one row; null at the end. Blank lines are skipped. */
  static List<String> row(BufferedReader in, char delimiter) {
    try {
      String line = in.readLine();
      while (line != null && line.isEmpty()) {
        line = in.readLine();
      }
      if (line == null) {
        return null;
      }
      List<String> out = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      int i = 0;
      while (true) {
        if (i >= line.length()) {
          if (quoted) {
            String more = in.readLine();
            if (more == null) {
              break;
            }
            field.append('\n');
            line = more;
            i = 0;
            continue;
          }
          break;
        }
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"' && field.isEmpty()) {
          quoted = true;
        } else if (c == delimiter) {
          out.add(field.toString());
          field.setLength(0);
        } else if (c != '\r') {
          field.append(c);
        }
        i++;
      }
      out.add(field.toString());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
