package io.sluice;

/**
 * A run parameter that is unknown to the job, missing, or not of its declared type. The message names
 * the job, the parameter, the expected type and the value given, and, for an unknown name, the
 * parameters the job does declare.
 */
public class ParameterException extends IllegalArgumentException {
  /** An exception with this message (which says what is wrong and what to do). */
  public ParameterException(String message) {
    super(message);
  }
}
