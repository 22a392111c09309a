package io.sluice;

/** A job, stage or setting that cannot run as defined; the message names the job and what to fix. */
public class JobDefinitionException extends RuntimeException {
  public JobDefinitionException(String message) {
    super(message);
  }
}
