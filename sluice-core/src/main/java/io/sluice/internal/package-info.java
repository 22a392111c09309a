/**
 * Machinery behind the programming model and the run protocol: JSON, task ids, and the driver's
 * ledger of a batch's commits and attempts. Not an API: other modules must not import it (the run
 * protocol's public records are in {@code io.sluice.run}).
 */
package io.sluice.internal;
