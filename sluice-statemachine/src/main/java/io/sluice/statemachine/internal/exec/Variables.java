package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A scope of workflow variables. The top-level states share one scope; each Parallel branch and inline
 * Map iteration gets a child scope that reads its parent's values but keeps its own assignments (they
 * never leak out; only the branch output does). A Distributed Map's child executions start with an
 * empty, parentless scope.
 */
final class Variables {
  private final Variables parent;
  private final Map<String, JsonNode> own = new HashMap<>();

  Variables(Variables parent) {
    this.parent = parent;
  }

  /** Every variable visible here, inner values shadowing outer ones. A copy. */
  synchronized Map<String, JsonNode> visible() {
    Map<String, JsonNode> out = parent == null ? new HashMap<>() : parent.visible();
    out.putAll(own);
    return out;
  }

  /** Applies a state's assignments once it completes. */
  synchronized void commit(Map<String, JsonNode> assignments) {
    own.putAll(assignments);
  }

  Variables child() {
    return new Variables(this);
  }
}
