/** Wiring of the local runtime: the loop's task resources, the store as the interpreter sees it, progress. */
package io.sluice.local.internal;
