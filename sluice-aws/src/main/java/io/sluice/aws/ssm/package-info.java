/**
 * Parameters and secrets of jobs from SSM Parameter Store: {@link io.sluice.aws.ssm.ParameterStore}
 * reads them in batches of at most ten names ({@code GetParameters}) or by path ({@code
 * GetParametersByPath}, every page), decrypts SecureStrings, caches them per function instance for a
 * maximum age, and spends at most a set number of calls per second (a token bucket; default 40, the
 * standard tier's limit). Values come back as {@link io.sluice.aws.ssm.SecretValue}s, whose {@code
 * toString} never shows them.
 */
package io.sluice.aws.ssm;
