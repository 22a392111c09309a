/**
 * Planning helpers that decide how work is cut, before any task runs: {@link io.sluice.plan.ChunkSizer}
 * chooses how many bytes of a large input one task reads, from the workload and the throughput measured
 * in earlier rounds. Pure functions of their arguments: no I/O, no clock.
 */
package io.sluice.plan;
