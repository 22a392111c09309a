/**
 * ASL intrinsic functions ({@code States.Format}, {@code States.ArrayRange}, ...): a parser for the
 * call syntax and the functions themselves. The entry point is
 * {@link io.sluice.statemachine.internal.intrinsics.IntrinsicFunctions}.
 */
package io.sluice.statemachine.internal.intrinsics;
