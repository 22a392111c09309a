/**
 * The Driver: a Lambda-shaped function that reads a run's state from the store, advances the job by
 * one step and returns a small {@link io.sluice.driver.Decision} for the state machine's Choice.
 */
package io.sluice.driver;
