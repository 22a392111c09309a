/**
 * Machinery behind the programming model: JSON, the run's layout in the store, task ids, the driver's
 * persisted state and the commit protocol. Not an API: may change without notice.
 */
package io.sluice.internal;
