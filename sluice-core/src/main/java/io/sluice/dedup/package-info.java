/**
 * Side effects outside the object store, made once-only under at-least-once execution: the {@link
 * io.sluice.dedup.DedupStore} SPI (claim, complete, release, with leases that expire so a crashed
 * attempt never blocks its retry), {@link io.sluice.dedup.Dedup#once} for tasks, and {@link
 * io.sluice.dedup.ObjectStoreDedupStore} on the object store's create-if-absent. DynamoDB and
 * PostgreSQL implementations live in their own modules; all pass {@code DedupStoreContract} from
 * sluice-core's test jar. See {@code docs/dedup.md}.
 */
package io.sluice.dedup;
