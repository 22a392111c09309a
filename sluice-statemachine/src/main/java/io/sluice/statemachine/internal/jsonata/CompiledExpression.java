package io.sluice.statemachine.internal.jsonata;

import com.dashjoin.jsonata.Jsonata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compiled JSONata expression, cached by its text. JSONata returns Java null both for JSON null
 * and for "no value" (undefined); {@link #existsCheck()} tells the two apart when it matters.
 */
final class CompiledExpression {
  static final int CACHE_SIZE = 1024;

  private static final Map<String, CompiledExpression> CACHE = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledExpression> eldest) {
          return size() > CACHE_SIZE;
        }
      });

  private final String text;
  private final Jsonata expression;
  private volatile CompiledExpression exists;

  private CompiledExpression(String text, Jsonata expression) {
    this.text = text;
    this.expression = expression;
  }

  static CompiledExpression of(String text) {
    CompiledExpression c = CACHE.get(text);
    if (c == null) {
      c = new CompiledExpression(text, Jsonata.jsonata(text));
      CACHE.put(text, c);
    }
    return c;
  }

  /** Number of cached expressions (for tests). */
  static int cacheSize() {
    return CACHE.size();
  }

  Object evaluate(Jsonata.Frame frame) {
    return expression.evaluate(null, frame);
  }

  /** An expression returning whether this one yields a value (true for JSON null, false for nothing). */
  ExistsCheck existsCheck() {
    CompiledExpression e = exists;
    if (e == null) {
      e = new CompiledExpression("$exists((" + text + "\n))", Jsonata.jsonata("$exists((" + text + "\n))"));
      exists = e;
    }
    CompiledExpression check = e;
    return frame -> Boolean.TRUE.equals(check.evaluate(frame));
  }

  interface ExistsCheck {
    boolean evaluate(Jsonata.Frame frame);
  }
}
