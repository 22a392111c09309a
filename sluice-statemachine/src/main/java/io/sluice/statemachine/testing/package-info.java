/**
 * Test support for code that runs state machines: {@link io.sluice.statemachine.testing.VirtualClock}
 * lets Wait states, retry back-off and timeouts pass instantly.
 */
package io.sluice.statemachine.testing;
