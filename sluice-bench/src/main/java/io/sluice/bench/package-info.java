/** Benchmark harnesses: measured by running, never asserted in tests. */
package io.sluice.bench;
