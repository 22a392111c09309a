/**
 * The Sluice programming model. A {@link io.sluice.Job} is an ordered list of {@link io.sluice.Stage}s.
 * Each stage has a driver side ({@link io.sluice.Stage#plan}: look at inputs and earlier stages'
 * committed results, then emit tasks, sleep, fail, or finish), an executor side ({@link
 * io.sluice.Stage#run}: process one task) and a completion step ({@link io.sluice.Stage#complete}:
 * fan in the stage's committed results).
 *
 * <pre>{@code
 * Job job = Job.builder("daily-revenue")
 *     .stage(new SplitAndClean())      // plan: one task per chunk; run: clean one chunk
 *     .stage(new RevenuePerTenant())   // plan: one task per tenant; run: aggregate it
 *     .build();
 * }</pre>
 */
package io.sluice;
