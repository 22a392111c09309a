package io.sluice.local.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.sluice.function.FunctionHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lambda function emulated in this JVM: the local runtime hosts the Driver and the Executors with
 * it.
 *
 * <pre>{@code
 * try (LocalFunction executor = LocalFunction.builder("sluice-executor", ExecutorHandler::new)
 *     .memoryMb(10_240)
 *     .timeout(Duration.ofMinutes(15))
 *     .maxConcurrency(40)
 *     .build()) {
 *   JsonNode result = executor.invoke(input);   // or LocalFunctionException with Lambda's errorType
 * }
 * }</pre>
 *
 * <p>As on Lambda:
 *
 * <ul>
 *   <li><b>Instances.</b> An invocation takes an idle instance (the most recently used: warm) or, if
 *       none is idle and fewer than {@code maxConcurrency} exist, creates one: a cold start, which
 *       calls the handler factory once, on the instance's own thread. When all instances are busy the
 *       invocation waits, like reserved concurrency with a caller that retries throttles; with {@link
 *       Builder#maxQueueWait} it gives up after that long with {@value #THROTTLED_ERROR}.
 *   <li><b>One invocation at a time</b> per instance, on the instance's thread. An instance is reused
 *       after a success and after a handler error; it is discarded after a timeout, after an {@link
 *       Error}, and when the factory fails.
 *   <li><b>Timeout.</b> An invocation still running after {@code timeout} fails with {@value
 *       #TIMEOUT_ERROR} and message {@code RequestId: <id> Error: Task timed out after 0.30 seconds};
 *       its thread is interrupted and its instance never used again. Java cannot kill a thread: a
 *       handler that ignores interruption runs on in the background (on a daemon thread), its result
 *       thrown away. A cold start's factory call counts against the first invocation's timeout
 *       (stricter than Lambda's separate init phase).
 *   <li><b>Payloads</b> are JSON: {@link #invoke} serializes the event to bytes, the handler gets a copy
 *       of them and returns bytes, which are parsed into the result, so caller and handler never share
 *       a mutable value. Over 6 MB, the request fails with {@value #REQUEST_TOO_LARGE_ERROR} before
 *       reaching an instance, the response with {@value #RESPONSE_TOO_LARGE_ERROR}.
 *   <li><b>Errors</b> carry Lambda's {@code errorType}: see {@link LocalFunctionException}.
 * </ul>
 *
 * <p>{@code memoryMb} is what handlers are told ({@code InvocationContext.memoryMb()}); it is not
 * enforced. The handler sees its remaining time through the builder's {@link
 * Builder#timeSource(InstantSource)}; the timeout itself is enforced on the JVM's monotonic clock.
 *
 * <p>Thread-safe: any number of threads (a Map state's branches) may invoke at once.
 */
public final class LocalFunction implements AutoCloseable {
  /** The error type of an invocation that outlived the function's timeout (as Lambda, Step Functions). */
  public static final String TIMEOUT_ERROR = "Sandbox.Timedout";
  /** The error type when no instance became free within {@link Builder#maxQueueWait}. */
  public static final String THROTTLED_ERROR = "TooManyRequestsException";
  /** The error type of a request payload over {@value #MAX_REQUEST_BYTES} bytes. */
  public static final String REQUEST_TOO_LARGE_ERROR = "RequestEntityTooLargeException";
  /** The error type of a response payload over {@value #MAX_RESPONSE_BYTES} bytes. */
  public static final String RESPONSE_TOO_LARGE_ERROR = "Function.ResponseSizeTooLarge";
  /** Lambda's limit on a synchronous invocation's request (6 MiB). */
  public static final int MAX_REQUEST_BYTES = 6_291_456;
  /** Lambda's limit on a synchronous invocation's response (6 MiB and 100 bytes, as measured). */
  public static final int MAX_RESPONSE_BYTES = 6_291_556;

  private static final Logger log = LoggerFactory.getLogger(LocalFunction.class);

  private final String name;
  private final int memoryMb;
  private final Duration timeout;
  private final int maxConcurrency;
  private final Duration maxQueueWait;
  private final Supplier<? extends FunctionHandler> handlerFactory;
  private final InstantSource time;
  private final ObjectMapper mapper = JsonMapper.builder().build();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition instanceFreed = lock.newCondition();
  // Guarded by lock:
  private final Deque<FunctionInstance> idle = new ArrayDeque<>();
  private final Set<FunctionInstance> alive = new HashSet<>();
  private int busy;
  private int instancesCreated;
  private long invocations;
  private long timeouts;
  private long errors;
  private boolean closed;

  private LocalFunction(Builder b) {
    this.name = b.name;
    this.memoryMb = b.memoryMb;
    this.timeout = b.timeout;
    this.maxConcurrency = b.maxConcurrency;
    this.maxQueueWait = b.maxQueueWait;
    this.handlerFactory = b.handlerFactory;
    this.time = b.time;
  }

  /**
   * Starts configuring a function.
   *
   * @param name the function's name: 1 to 64 letters, digits, hyphens or underscores, as on Lambda
   * @param handlerFactory makes one handler per instance (called at each cold start)
   */
  public static Builder builder(String name, Supplier<? extends FunctionHandler> handlerFactory) {
    return new Builder(name, handlerFactory);
  }

  /**
   * Invokes the function synchronously (Lambda's {@code RequestResponse}) and returns its result.
   *
   * @param input the event; {@code null} is sent as JSON {@code null}
   * @return a copy of what the handler returned (JSON {@code null} if it returned null)
   * @throws LocalFunctionException if the invocation failed: the handler threw, it timed out, it was
   *     throttled, or a payload was too large
   * @throws InterruptedException if the calling thread was interrupted; a running invocation is then
   *     interrupted too and its instance discarded
   * @throws IllegalStateException if the function is closed
   */
  public JsonNode invoke(JsonNode input) throws InterruptedException {
    String requestId = UUID.randomUUID().toString();
    byte[] request = serialize(input == null ? NullNode.getInstance() : input);
    if (request.length > MAX_REQUEST_BYTES) {
      throw failed(requestId, REQUEST_TOO_LARGE_ERROR,
          "Request must be smaller than " + MAX_REQUEST_BYTES + " bytes for the InvokeFunction operation (was "
              + request.length + ")", null);
    }
    FunctionInstance instance = acquire(requestId);
    boolean reusable = false;
    try {
      Instant deadline = time.instant().plus(timeout);
      LocalInvocationContext context = new LocalInvocationContext(requestId, name, memoryMb, deadline, time);
      Future<FunctionInstance.Outcome> running;
      try {
        running = instance.start(request, context, handlerFactory);
      } catch (RejectedExecutionException e) {
        throw new IllegalStateException("Function '" + name + "' was closed while request " + requestId + " started", e);
      }
      FunctionInstance.Outcome outcome = await(running, instance, requestId);
      return switch (outcome) {
        case FunctionInstance.Outcome.Returned returned -> {
          reusable = true;
          if (returned.response().length > MAX_RESPONSE_BYTES) {
            throw failed(requestId, RESPONSE_TOO_LARGE_ERROR,
                "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).", null);
          }
          try {
            yield mapper.readTree(returned.response());
          } catch (IOException e) {
            throw new UncheckedIOException("The response of function '" + name + "' (request " + requestId
                + ") is not JSON: " + e.getMessage(), e);
          }
        }
        case FunctionInstance.Outcome.Failed failure -> {
          reusable = !failure.broken();
          throw failed(requestId, failure.errorType(), failure.errorMessage(), failure.cause());
        }
      };
    } finally {
      release(instance, reusable);
    }
  }

  /** The counters now. */
  public FunctionStats stats() {
    lock.lock();
    try {
      return new FunctionStats(invocations, instancesCreated, timeouts, errors, alive.size(), busy);
    } finally {
      lock.unlock();
    }
  }

  /** The function's name. */
  public String name() {
    return name;
  }

  /** The memory size handlers are told, in MB. */
  public int memoryMb() {
    return memoryMb;
  }

  /** How long one invocation may run. */
  public Duration timeout() {
    return timeout;
  }

  /** The most instances that exist at once. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /**
   * Shuts every instance down: idle ones at once, busy ones by interrupting their invocation (which
   * then fails or returns as its handler decides). Later invocations fail with {@link
   * IllegalStateException}; invocations waiting for an instance too. Idempotent.
   */
  @Override
  public void close() {
    List<FunctionInstance> toShutDown;
    lock.lock();
    try {
      closed = true;
      toShutDown = List.copyOf(alive);
      alive.removeAll(idle);
      idle.clear();
      instanceFreed.signalAll();
    } finally {
      lock.unlock();
    }
    toShutDown.forEach(FunctionInstance::shutdown);
  }

  @Override
  public String toString() {
    return "LocalFunction[" + name + ", " + memoryMb + " MB, timeout " + timeout + ", max " + maxConcurrency + "]";
  }

  private FunctionInstance.Outcome await(
      Future<FunctionInstance.Outcome> running, FunctionInstance instance, String requestId) throws InterruptedException {
    try {
      return running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      lock.lock();
      try {
        timeouts++;
      } finally {
        lock.unlock();
      }
      log.warn("Function '{}' request {} timed out after {}; instance #{} is discarded", name, requestId, timeout, instance.number());
      throw failed(requestId, TIMEOUT_ERROR,
          String.format(Locale.ROOT, "RequestId: %s Error: Task timed out after %.2f seconds", requestId, timeout.toNanos() / 1e9),
          null);
    } catch (InterruptedException e) {
      running.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      // The instance catches every Throwable, so this means the runtime itself broke.
      throw new IllegalStateException("Function '" + name + "' request " + requestId + " failed in the runtime", e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      throw new IllegalStateException("Function '" + name + "' was closed while running request " + requestId, e);
    }
  }

  private FunctionInstance acquire(String requestId) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long waitNanos = maxQueueWait == null ? Long.MAX_VALUE : maxQueueWait.toNanos();
      while (true) {
        if (closed) {
          throw new IllegalStateException("Function '" + name + "' is closed");
        }
        FunctionInstance instance = idle.pollFirst();
        if (instance == null && alive.size() < maxConcurrency) {
          instance = new FunctionInstance(name, ++instancesCreated);
          alive.add(instance);
          log.debug("Function '{}' cold start: instance #{} for request {}", name, instance.number(), requestId);
        }
        if (instance != null) {
          busy++;
          invocations++;
          return instance;
        }
        if (maxQueueWait == null) {
          instanceFreed.await();
        } else if (waitNanos <= 0) {
          errors++;
          throw new LocalFunctionException(name, requestId, THROTTLED_ERROR,
              "Rate Exceeded. All " + maxConcurrency + " instances of function '" + name + "' stayed busy for "
                  + maxQueueWait, null);
        } else {
          waitNanos = instanceFreed.awaitNanos(waitNanos);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void release(FunctionInstance instance, boolean reusable) {
    boolean discard;
    lock.lock();
    try {
      busy--;
      discard = !reusable || closed;
      if (discard) {
        alive.remove(instance);
      } else {
        idle.addFirst(instance); // most recently used first: the fewest instances stay warm
      }
      instanceFreed.signalAll();
    } finally {
      lock.unlock();
    }
    if (discard) {
      instance.shutdown();
    }
  }

  private LocalFunctionException failed(String requestId, String errorType, String errorMessage, Throwable cause) {
    lock.lock();
    try {
      errors++;
    } finally {
      lock.unlock();
    }
    return new LocalFunctionException(name, requestId, errorType, errorMessage, cause);
  }

  private byte[] serialize(JsonNode input) {
    try {
      return mapper.writeValueAsBytes(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot serialize the input for function '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Configures a {@link LocalFunction}; {@link #build()} checks the values. */
  public static final class Builder {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    private final String name;
    private final Supplier<? extends FunctionHandler> handlerFactory;
    private int memoryMb = 128;
    private Duration timeout = Duration.ofSeconds(3);
    private int maxConcurrency = 1000;
    private Duration maxQueueWait;
    private InstantSource time = InstantSource.system();

    private Builder(String name, Supplier<? extends FunctionHandler> handlerFactory) {
      this.name = name;
      this.handlerFactory = handlerFactory;
    }

    /** The memory size handlers are told, 128 to 10,240 MB as on Lambda; default 128. Not enforced. */
    public Builder memoryMb(int memoryMb) {
      this.memoryMb = memoryMb;
      return this;
    }

    /** How long an invocation may run, up to Lambda's 15 minutes; default 3 seconds (Lambda's). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * The most instances that exist at once (Lambda's reserved concurrency); default 1000, Lambda's
     * default account limit. Instances are created only when invocations overlap.
     */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * How long an invocation waits for a free instance before it fails with {@value
     * LocalFunction#THROTTLED_ERROR}; by default it waits as long as it takes.
     */
    public Builder maxQueueWait(Duration maxQueueWait) {
      this.maxQueueWait = maxQueueWait;
      return this;
    }

    /** Where handlers' remaining time is read from; the system clock by default. */
    public Builder timeSource(InstantSource time) {
      this.time = time;
      return this;
    }

    /**
     * The function.
     *
     * @throws IllegalArgumentException naming the setting and the value that is out of range
     */
    public LocalFunction build() {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "Function name '" + name + "' must be 1 to 64 letters, digits, hyphens or underscores");
      }
      Objects.requireNonNull(handlerFactory, () -> "Function '" + name + "' needs a handler factory");
      Objects.requireNonNull(time, () -> "Function '" + name + "' needs a time source");
      if (memoryMb < 128 || memoryMb > 10_240) {
        throw new IllegalArgumentException(
            "Function '" + name + "': memoryMb must be between 128 and 10240, was " + memoryMb);
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "Function '" + name + "': timeout must be positive and at most 15 minutes, was " + timeout);
      }
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException(
            "Function '" + name + "': maxConcurrency must be at least 1, was " + maxConcurrency);
      }
      if (maxQueueWait != null && maxQueueWait.isNegative()) {
        throw new IllegalArgumentException(
            "Function '" + name + "': maxQueueWait must not be negative, was " + maxQueueWait);
      }
      return new LocalFunction(this);
    }
  }
}
