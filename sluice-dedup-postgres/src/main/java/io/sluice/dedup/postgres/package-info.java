/** A {@link io.sluice.dedup.DedupStore} on PostgreSQL: {@link io.sluice.dedup.postgres.PostgresDedupStore}. */
package io.sluice.dedup.postgres;
