package io.sluice.deploy;

/** A deployment that cannot work as asked (Express for a long job, say), with what to do instead. */
public class DeployRefusedException extends RuntimeException {
  public DeployRefusedException(String message) {
    super(message);
  }
}
