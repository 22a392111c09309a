/**
 * JSONata evaluation for states whose QueryLanguage is JSONata, with Step Functions' {@code $states}
 * binding, workflow variables, its extra functions, and its {@code States.QueryEvaluationError}
 * causes. The entry point is {@link io.sluice.statemachine.internal.jsonata.JsonataEvaluator}; JSONata
 * itself is the dashjoin Java port.
 */
package io.sluice.statemachine.internal.jsonata;
