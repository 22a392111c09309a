/** Time as Sluice sees it: {@link io.sluice.time.Clock}, the wall clock and a manual clock for tests. */
package io.sluice.time;
