/**
 * An execution's event history as Step Functions records it: AWS event types, 1-based ids,
 * {@code previousEventId} chains per branch of execution, details objects keyed as AWS keys them, and the
 * history-length quota that fails an execution once reached.
 */
package io.sluice.statemachine.internal.history;
