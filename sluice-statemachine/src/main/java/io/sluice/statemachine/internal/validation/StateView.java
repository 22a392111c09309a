package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One state as its type and query language see it: {@link #get} hides the fields the state may not
 * have (they were already reported), so each is reported once, not again for its value.
 */
record StateView(JsonNode node, Location at, String type, String language) {
  JsonNode get(String field) {
    return StateFields.allowed(type, language, field) ? node.get(field) : null;
  }

  boolean jsonata() {
    return language.equals(StateFields.JSONATA);
  }

  Location at(String field) {
    return at.field(field);
  }
}
