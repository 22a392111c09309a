/**
 * Generates the Amazon States Language definition of a job's loop (Driver -> Choice -> Map of
 * Executors -> Driver, Wait for sleep, chaining before the history limit). The local runtime runs
 * this definition with the embedded interpreter; the AWS runtime deploys the very same one.
 */
package io.sluice.loop;
