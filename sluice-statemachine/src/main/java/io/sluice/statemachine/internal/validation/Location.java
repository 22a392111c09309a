package io.sluice.statemachine.internal.validation;

import java.util.regex.Pattern;

/** The JSON path of an element of a definition, as reported in a problem: {@code $.States.A.Next}. */
record Location(String path) {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static Location root() {
    return new Location("$");
  }

  /** A field; names that are not plain identifiers use bracket notation: {@code $.States['My state']}. */
  Location field(String name) {
    if (PLAIN_NAME.matcher(name).matches()) {
      return new Location(path + "." + name);
    }
    return new Location(path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']");
  }

  Location index(int i) {
    return new Location(path + "[" + i + "]");
  }

  @Override
  public String toString() {
    return path;
  }
}
