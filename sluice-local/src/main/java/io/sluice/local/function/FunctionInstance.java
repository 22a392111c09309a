package io.sluice.local.function;

import io.sluice.function.FunctionException;
import io.sluice.function.FunctionHandler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One emulated Lambda instance (execution environment): a thread of its own and the handler the
 * factory made for it. It runs one invocation at a time; its handler is created on its own thread at
 * its first invocation (the cold start) and touched by no other thread.
 */
final class FunctionInstance {
  /** What an invocation came to on the instance's thread. */
  sealed interface Outcome {
    /** The handler returned; {@code response} is its serialized result. */
    record Returned(byte[] response) implements Outcome {}

    /**
     * The handler (or the factory) threw.
     *
     * @param broken whether the instance must not be reused: its initialization failed, or it threw
     *     an {@link Error}, after which Lambda's runtime does not go on either
     */
    record Failed(String errorType, String errorMessage, Throwable cause, boolean broken) implements Outcome {}
  }

  private static final byte[] NULL = "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final int number;
  private final ExecutorService thread;
  private FunctionHandler handler;

  FunctionInstance(String functionName, int number) {
    this.number = number;
    this.thread = Executors.newSingleThreadExecutor(task -> {
      Thread t = new Thread(task, "sluice-fn-" + functionName + "-" + number);
      t.setDaemon(true); // an instance whose handler ignores interruption must not keep the JVM alive
      return t;
    });
  }

  /** The instance's number within its function, from 1: for logs. */
  int number() {
    return number;
  }

  /**
   * Starts one invocation on the instance's thread. The request and the response cross threads as
   * copies of their bytes, so caller and handler never share a mutable value.
   */
  Future<Outcome> start(byte[] request, LocalInvocationContext context, Supplier<? extends FunctionHandler> factory) {
    return thread.submit(() -> run(request, context, factory));
  }

  /** Interrupts a running invocation, if any, and ends the thread. */
  void shutdown() {
    thread.shutdownNow();
  }

  private Outcome run(byte[] request, LocalInvocationContext context, Supplier<? extends FunctionHandler> factory) {
    if (handler == null) {
      try {
        handler = factory.get();
        if (handler == null) {
          throw new IllegalStateException("the handler factory of '" + context.functionName() + "' returned null");
        }
      } catch (Throwable e) {
        handler = null;
        return failure(e, true);
      }
    }
    try {
      byte[] output = handler.handle(request.clone(), context);
      return new Outcome.Returned(output == null ? NULL : output.clone());
    } catch (Throwable e) {
      return failure(e, e instanceof Error);
    }
  }

  private static Outcome.Failed failure(Throwable e, boolean broken) {
    if (e instanceof FunctionException f && f.errorType() != null) {
      return new Outcome.Failed(f.errorType(), String.valueOf(f.getMessage()), e, broken);
    }
    // As Lambda's Java runtime (UserFault.makeUserFault): the class's name, the message or else the name.
    String type = e.getClass().getName();
    String message = e.getLocalizedMessage() == null ? type : e.getLocalizedMessage();
    return new Outcome.Failed(type, message, e, broken);
  }
}
