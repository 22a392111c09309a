/**
 * The AWS runtime of Sluice: what a job's Lambda functions load to run the same Driver and Executor
 * handlers as the local runtime, against S3 instead of a directory.
 */
package io.sluice.aws;
