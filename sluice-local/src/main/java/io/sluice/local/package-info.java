/**
 * The embedded local runtime: runs a job on one machine through the same generated state machine,
 * the same Driver and Executor handlers and the same commit protocol as on AWS. Functions are local
 * instances with memory and time limits ({@link io.sluice.local.function}), the object store is a
 * directory, and the state machine runs on the embedded ASL interpreter.
 *
 * <pre>{@code
 * try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(Path.of("data/store")).build()) {
 *   RunResult result = runtime.run("run-1", Json.object(), progress -> System.out.println(progress));
 * }
 * }</pre>
 */
package io.sluice.local;
