package io.sluice.statemachine.internal.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A parsed intrinsic expression: a call, a literal argument or a path argument. */
sealed interface IntrinsicNode {

  /** {@code States.Name(args...)}; {@code name} is the full name including {@code States.}. */
  record Call(String name, List<IntrinsicNode> args, String source) implements IntrinsicNode {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** A number, boolean or null literal. */
  record Literal(JsonNode value) implements IntrinsicNode {}

  /**
   * A single-quoted string literal: {@code value} has every escape resolved; {@code raw} is the text
   * between the quotes as written, which {@code States.Format} needs to tell {@code \{} from {@code {}.
   */
  record StringLiteral(String value, String raw) implements IntrinsicNode {}

  /** A reference path: {@code $...}, {@code $$...} or {@code $variable...}. */
  record PathRef(String path) implements IntrinsicNode {}
}
