package io.sluice.record.internal;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.InvalidSchemaException;
import io.sluice.record.MutableRow;
import io.sluice.record.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The schema's dotted field names as a tree of JSON object members: {@code a.b} and {@code a.c} are
 * members {@code b} and {@code c} of member {@code a}. Readers walk it while parsing, matching member
 * names as bytes, so flattening builds no strings; writers walk it to nest fields again, in schema
 * order of first appearance. A field of a nested type has a {@link Slot} describing how its value
 * nests (a struct's own tree, a list's element, a map's key and value).
 */
final class FieldTree {
  static final class Node {
    final String name;
    final byte[] nameBytes;
    final String path;
    /** The field's position for a leaf; -1 for an object. */
    int index = -1;
    /** For a leaf: how its value is read and written. */
    Slot slot;
    final Map<String, Node> children = new LinkedHashMap<>();
    private Node[] childArray = new Node[0];
    private int lastHit = -1;

    private final String separator;
    private final byte[] separatorBytes;

    Node(String name, String path, String separator) {
      this.separator = separator;
      this.separatorBytes = separator == null ? null : separator.getBytes(StandardCharsets.UTF_8);
      this.name = name;
      this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
      this.path = path;
    }

    boolean isLeaf() {
      return index >= 0;
    }

    /** The member {@code key}; a key with the separator ({@code "b.c"}) is the same path as nested members. */
    Node child(String key) {
      Node c = children.get(key);
      if (c != null || separator == null || !key.contains(separator)) {
        return c;
      }
      Node n = this;
      for (String segment : key.split(Pattern.quote(separator), -1)) {
        n = n.isLeaf() ? null : n.children.get(segment);
        if (n == null) {
          return null;
        }
      }
      return n;
    }

    /**
     * The member whose UTF-8 name is {@code b[off, off + len)}, found without a String: members usually
     * come in schema order, so the search starts after the last one found.
     */
    Node child(byte[] b, int off, int len) {
      Node[] all = childArray;
      int n = all.length;
      for (int k = 0, at = lastHit + 1; k < n; k++, at++) {
        if (at >= n) {
          at = 0;
        }
        byte[] name = all[at].nameBytes;
        if (name.length == len && Arrays.equals(name, 0, len, b, off, off + len)) {
          lastHit = at;
          return all[at];
        }
      }
      byte[] sep = separatorBytes;
      if (sep == null) {
        return null;
      }
      for (int k = off; k + sep.length <= off + len; k++) {
        if (Arrays.equals(b, k, k + sep.length, sep, 0, sep.length)) {
          return child(new String(b, off, len, StandardCharsets.UTF_8));
        }
      }
      return null;
    }

    void freeze() {
      childArray = children.values().toArray(new Node[0]);
      for (Node c : childArray) {
        c.freeze();
      }
    }
  }

  /** How a value of one type nests; {@link #holder} is a one-field row to parse list elements and map entries into. */
  static final class Slot {
    final FieldType type;
    final FieldTree struct;
    final Slot element;
    final Slot key;
    final MutableRow holder;

    Slot(FieldType type, boolean needsHolder, String separator) {
      this.type = type;
      this.struct = type.kind() == FieldType.Kind.STRUCT ? new FieldTree(type.fields(), separator) : null;
      boolean listOrMap = type.kind() == FieldType.Kind.LIST || type.kind() == FieldType.Kind.MAP;
      this.element = listOrMap ? new Slot(type.elementType(), true, separator) : null;
      this.key = type.kind() == FieldType.Kind.MAP ? new Slot(type.keyType(), true, separator) : null;
      this.holder = needsHolder ? new MutableRow(Schema.of(Field.optional("value", type))) : null;
    }
  }

  final Schema schema;
  final Node root;

  /** The tree of {@code schema}'s names, split at {@code separator} (null: names are not split, nothing is flattened). */
  FieldTree(Schema schema, String separator) {
    this.schema = schema;
    this.root = new Node("", "", separator);
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.field(i).name();
      String[] segments = separator == null ? new String[] {name} : name.split(Pattern.quote(separator), -1);
      Node n = root;
      StringBuilder path = new StringBuilder();
      for (int s = 0; s < segments.length; s++) {
        if (segments[s].isEmpty()) {
          throw new InvalidSchemaException("Field '" + name + "' has an empty path segment; JSON Lines fields are named"
              + " by the path of nested members, like 'a" + separator + "b'");
        }
        path.append(s == 0 ? "" : separator).append(segments[s]);
        if (n.isLeaf()) {
          throw conflict(n.path, name);
        }
        String p = path.toString();
        n = n.children.computeIfAbsent(segments[s], k -> new Node(k, p, separator));
      }
      if (n.isLeaf() || !n.children.isEmpty()) {
        throw conflict(name, n.isLeaf() ? name : n.children.values().iterator().next().path);
      }
      n.index = i;
      n.slot = new Slot(schema.field(i).type(), false, separator);
    }
    root.freeze();
  }

  private static InvalidSchemaException conflict(String value, String nested) {
    return new InvalidSchemaException("JSON Lines cannot hold both field '" + value + "' and field '" + nested
        + "': '" + value + "' would be a value and an object at once");
  }
}
