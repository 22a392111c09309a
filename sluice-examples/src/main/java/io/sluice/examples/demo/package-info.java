/**
 * The demo: order events of several tenants over several days, as CSV. Stage {@code clean} splits the
 * input into byte ranges and cleans each in parallel, writing records partitioned by tenant (storage as
 * shuffle); stage {@code revenue} aggregates revenue per tenant per day, one task per tenant, reading
 * every partition of its tenant that stage 1 committed; its completion writes the report.
 */
package io.sluice.examples.demo;
