package io.sluice.statemachine.internal.model;

/** The query language of a state: JSONPath (the default) or JSONata. */
public enum QueryLanguage {
  JSONPATH,
  JSONATA;

  /** Parses the ASL spelling ({@code JSONPath} / {@code JSONata}); null for anything else. */
  public static QueryLanguage fromAsl(String value) {
    if ("JSONPath".equals(value)) {
      return JSONPATH;
    }
    if ("JSONata".equals(value)) {
      return JSONATA;
    }
    return null;
  }
}
