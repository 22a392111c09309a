package io.sluice.record.internal;

import io.sluice.record.InvalidSchemaException;
import io.sluice.record.Schema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The schema's dotted field names as a tree of JSON object members: {@code a.b} and {@code a.c} are
 * members {@code b} and {@code c} of member {@code a}. Readers walk it while parsing, so flattening
 * builds no path strings; writers walk it to nest fields again, in schema order of first appearance.
 */
final class FieldTree {
  static final class Node {
    final String name;
    final String path;
    /** The field's position for a leaf; -1 for an object. */
    int index = -1;
    final Map<String, Node> children = new LinkedHashMap<>();

    Node(String name, String path) {
      this.name = name;
      this.path = path;
    }

    boolean isLeaf() {
      return index >= 0;
    }

    /** The member {@code key}; a key with dots ({@code "b.c"}) is the same path as nested members. */
    Node child(String key) {
      Node c = children.get(key);
      if (c != null || key.indexOf('.') < 0) {
        return c;
      }
      Node n = this;
      for (String segment : key.split("\\.", -1)) {
        n = n.isLeaf() ? null : n.children.get(segment);
        if (n == null) {
          return null;
        }
      }
      return n;
    }
  }

  final Node root = new Node("", "");

  FieldTree(Schema schema) {
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.field(i).name();
      String[] segments = name.split("\\.", -1);
      Node n = root;
      StringBuilder path = new StringBuilder();
      for (int s = 0; s < segments.length; s++) {
        if (segments[s].isEmpty()) {
          throw new InvalidSchemaException("Field '" + name + "' has an empty path segment; JSON Lines fields are named"
              + " by the path of nested members, like 'a.b'");
        }
        path.append(s == 0 ? "" : ".").append(segments[s]);
        if (n.isLeaf()) {
          throw conflict(n.path, name);
        }
        String p = path.toString();
        n = n.children.computeIfAbsent(segments[s], k -> new Node(k, p));
      }
      if (n.isLeaf() || !n.children.isEmpty()) {
        throw conflict(name, n.isLeaf() ? name : n.children.values().iterator().next().path);
      }
      n.index = i;
    }
  }

  private static InvalidSchemaException conflict(String value, String nested) {
    return new InvalidSchemaException("JSON Lines cannot hold both field '" + value + "' and field '" + nested
        + "': '" + value + "' would be a value and an object at once");
  }
}
