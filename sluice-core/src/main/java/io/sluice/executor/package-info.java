/**
 * The Executor: a Lambda-shaped function that runs one task group on a pool of workers, commits each
 * task's outputs create-if-absent, retries a failing task alone, and stops starting work when its
 * time budget runs out.
 */
package io.sluice.executor;
