/**
 * Time as Sluice sees it: {@link io.sluice.time.Clock}, the wall clock and a manual clock for tests, and
 * {@link io.sluice.time.Deadline}, a cheap check of a time budget.
 */
package io.sluice.time;
