/** The {@code sluice} command: run jobs locally, the demo, the generated state machine, and any ASL definition. */
package io.sluice.cli;
