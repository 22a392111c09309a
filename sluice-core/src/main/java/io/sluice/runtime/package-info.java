/**
 * What every runtime (the local one, AWS Lambda and Step Functions, a future Fargate one) shares and
 * supplies: {@link io.sluice.runtime.RuntimeLimits}, the numbers of the platform a job runs on, and
 * {@link io.sluice.runtime.JobCatalog}, how a launcher finds a job by name. The programming model
 * ({@code io.sluice}) knows neither.
 */
package io.sluice.runtime;
