/**
 * The run protocol: what a run keeps in the object store, as immutable records, and the one way to
 * read where a run stands. The Driver and Executors write these objects; runtimes (local and AWS),
 * progress displays and {@code sluice status} read them through {@link io.sluice.run.RunStatus}.
 *
 * <p>Every object is validated when read: a missing, mistyped or unparsable field is refused with a
 * {@link io.sluice.run.CorruptStateException} naming the object's key and what is wrong, never read
 * as a default. {@link io.sluice.run.RunLayout} names every key.
 */
package io.sluice.run;
