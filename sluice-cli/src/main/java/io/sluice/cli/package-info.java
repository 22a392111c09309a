/**
 * The {@code sluice} command: run jobs locally, the demo, the generated state machine, any ASL
 * definition; deploy a job to AWS, and start, follow, stop and redrive its runs on Step Functions.
 */
package io.sluice.cli;
