/**
 * Static validation of Amazon States Language definitions, as Step Functions does it before a
 * state machine is created: {@link io.sluice.statemachine.internal.validation.DefinitionValidator}
 * is the entry point; the other classes each check one concern (scopes and transitions, one state,
 * choice rules, Retry/Catch, Map, JSONPath and intrinsic syntax, field values).
 */
package io.sluice.statemachine.internal.validation;
