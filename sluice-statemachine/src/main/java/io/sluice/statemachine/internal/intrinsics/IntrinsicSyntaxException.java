package io.sluice.statemachine.internal.intrinsics;

/** An intrinsic expression that does not parse; its message says where and why. */
public final class IntrinsicSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  IntrinsicSyntaxException(String message) {
    super(message);
  }
}
