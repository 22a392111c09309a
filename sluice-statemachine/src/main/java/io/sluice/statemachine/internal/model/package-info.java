/**
 * The immutable model of a parsed state machine definition: a {@link
 * io.sluice.statemachine.internal.model.StateGraph} of {@link io.sluice.statemachine.internal.model.StateDef}s
 * (one record per state type), with retriers, catchers and the Map state's reader, batcher and writer
 * settings. {@link io.sluice.statemachine.internal.model.DefinitionParser} builds it from the JSON
 * definition, checking the structure the interpreter relies on (StartAt and Next targets exist, known
 * state types). Fields that may hold JSONata expressions keep their raw JSON value.
 */
package io.sluice.statemachine.internal.model;
