package io.sluice.local.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.function.FunctionException;
import io.sluice.function.FunctionHandler;
import io.sluice.function.InvocationContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalFunctionTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final List<LocalFunction> functions = new ArrayList<>();
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final AtomicInteger factoryCalls = new AtomicInteger();

  @AfterEach
  void tearDown() {
    functions.forEach(LocalFunction::close);
    callers.shutdownNow();
  }

  // ---------------------------------------------------------------- results and reuse

  @Test
  void returnsWhatTheHandlerReturns() throws Exception {
    LocalFunction fn = function("echo", () -> (input, ctx) -> JSON.objectNode().set("got", input));

    JsonNode result = fn.invoke(JSON.objectNode().put("n", 1));

    assertThat(result.toString()).isEqualTo("{\"got\":{\"n\":1}}");
  }

  @Test
  void reusesAWarmInstanceForSequentialInvocations() throws Exception {
    LocalFunction fn = function("counter", () -> new JsonHandler() {
      int calls; // instance-scoped state survives between invocations, as on Lambda

      @Override
      public JsonNode handle(JsonNode input, InvocationContext context) {
        return JSON.numberNode(++calls);
      }
    });

    for (int i = 1; i <= 5; i++) {
      assertThat(fn.invoke(null).asInt()).isEqualTo(i);
    }
    assertThat(factoryCalls).hasValue(1);
    assertThat(fn.stats()).isEqualTo(new FunctionStats(5, 1, 0, 0, 1, 0));
  }

  @Test
  void createsInstancesUpToTheCapUnderConcurrencyAndNeverMore() throws Exception {
    int cap = 3;
    AtomicInteger active = new AtomicInteger();
    AtomicInteger mostActive = new AtomicInteger();
    CountDownLatch capReached = new CountDownLatch(cap);
    LocalFunction fn = function(
        builder("pool", () -> (input, ctx) -> {
          mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
          capReached.countDown();
          capReached.await(5, TimeUnit.SECONDS); // the first three overlap: three instances at once
          Thread.sleep(5);
          active.decrementAndGet();
          return input;
        }).maxConcurrency(cap).timeout(Duration.ofSeconds(10)));

    List<Future<JsonNode>> results = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      JsonNode input = JSON.numberNode(i);
      results.add(callers.submit(() -> fn.invoke(input)));
    }
    for (int i = 0; i < 12; i++) {
      assertThat(results.get(i).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(i);
    }

    assertThat(mostActive).hasValue(cap);
    assertThat(factoryCalls).hasValue(cap);
    assertThat(fn.stats().coldStarts()).isEqualTo(cap);
    assertThat(fn.stats().invocations()).isEqualTo(12);
    assertThat(fn.stats().instances()).isEqualTo(cap);
  }

  @Test
  void waitsForAFreeInstanceWhenAllAreBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstStarted = new CountDownLatch(1);
    LocalFunction fn = function(builder("single", () -> (input, ctx) -> {
      firstStarted.countDown();
      release.await(5, TimeUnit.SECONDS);
      return input;
    }).maxConcurrency(1).timeout(Duration.ofSeconds(10)));

    Future<JsonNode> first = callers.submit(() -> fn.invoke(JSON.textNode("first")));
    assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
    Future<JsonNode> second = callers.submit(() -> fn.invoke(JSON.textNode("second")));

    Thread.sleep(50);
    assertThat(second).isNotDone();
    assertThat(fn.stats().busyInstances()).isEqualTo(1);

    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS).asText()).isEqualTo("first");
    assertThat(second.get(5, TimeUnit.SECONDS).asText()).isEqualTo("second");
    assertThat(factoryCalls).hasValue(1);
  }

  @Test
  void throttlesWhenNoInstanceFreesUpWithinTheQueueWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    LocalFunction fn = function(builder("throttled", () -> (input, ctx) -> {
      started.countDown();
      release.await(5, TimeUnit.SECONDS);
      return input;
    }).maxConcurrency(1).maxQueueWait(Duration.ofMillis(30)).timeout(Duration.ofSeconds(10)));
    Future<JsonNode> busy = callers.submit(() -> fn.invoke(null));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("TooManyRequestsException");
          assertThat(e.errorMessage()).startsWith("Rate Exceeded.");
        });

    release.countDown();
    busy.get(5, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- timeouts

  @Test
  void anInvocationThatOutlivesItsTimeoutFailsWithSandboxTimedout() throws Exception {
    AtomicReference<String> seenRequestId = new AtomicReference<>();
    CountDownLatch interrupted = new CountDownLatch(1);
    LocalFunction fn = function(builder("slow", () -> (input, ctx) -> {
      seenRequestId.set(ctx.requestId());
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      return input;
    }).timeout(Duration.ofMillis(200)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("Sandbox.Timedout");
          assertThat(e.requestId()).isEqualTo(seenRequestId.get());
          assertThat(e.errorMessage())
              .isEqualTo("RequestId: " + seenRequestId.get() + " Error: Task timed out after 0.20 seconds");
          assertThat(e.functionName()).isEqualTo("slow");
        });

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("handler thread interrupted").isTrue();
    assertThat(fn.stats().timeouts()).isEqualTo(1);
    assertThat(fn.stats().instances()).isZero();
  }

  @Test
  void theInvocationAfterATimeoutIsAColdStart() throws Exception {
    AtomicInteger call = new AtomicInteger();
    LocalFunction fn = function(builder("flaky", () -> (input, ctx) -> {
      if (call.incrementAndGet() == 1) {
        Thread.sleep(10_000);
      }
      return JSON.textNode("ok");
    }).timeout(Duration.ofMillis(150)));

    assertThatThrownBy(() -> fn.invoke(null)).isInstanceOf(LocalFunctionException.class);
    assertThat(fn.invoke(null).asText()).isEqualTo("ok");

    assertThat(factoryCalls).hasValue(2);
    assertThat(fn.stats().coldStarts()).isEqualTo(2);
  }

  @Test
  void remainingTimeCountsDownFromTheTimeout() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
    List<Duration> seen = new ArrayList<>();
    LocalFunction fn = function(builder("clocked", () -> (input, ctx) -> {
      seen.add(ctx.remainingTime());
      clock.advance(Duration.ofSeconds(1));
      seen.add(ctx.remainingTime());
      clock.advance(Duration.ofSeconds(5));
      seen.add(ctx.remainingTime());
      return input;
    }).timeout(Duration.ofSeconds(3)).timeSource(clock));

    fn.invoke(null);

    assertThat(seen).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ZERO);
  }

  @Test
  void remainingTimeDecreasesOnTheSystemClock() throws Exception {
    LocalFunction fn = function(builder("wall", () -> (input, ctx) -> {
      Duration first = ctx.remainingTime();
      Thread.sleep(20);
      Duration second = ctx.remainingTime();
      return JSON.arrayNode().add(first.toMillis()).add(second.toMillis());
    }).timeout(Duration.ofSeconds(2)));

    JsonNode times = fn.invoke(null);

    assertThat(times.get(0).asLong()).isBetween(1L, 2_000L);
    assertThat(times.get(1).asLong()).isLessThanOrEqualTo(times.get(0).asLong() - 20);
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aHandlerExceptionFailsWithItsClassNameAsErrorType() {
    LocalFunction fn = function("broken", () -> (input, ctx) -> {
      throw new IllegalStateException("bad input 42");
    });

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
          assertThat(e.errorMessage()).isEqualTo("bad input 42");
          assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
          assertThat(e.getMessage()).contains("broken").contains(e.requestId()).contains("bad input 42");
        });
  }

  @Test
  void aFunctionExceptionFailsWithItsOwnErrorType() {
    LocalFunction fn = function("typed", () -> (input, ctx) -> {
      throw new FunctionException("Sluice.TaskFailed", "task t-7 failed");
    });

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("Sluice.TaskFailed");
          assertThat(e.errorMessage()).isEqualTo("task t-7 failed");
        });
  }

  @Test
  void anExceptionWithoutMessageReportsItsClassNameAsMessage() {
    LocalFunction fn = function("npe", () -> (input, ctx) -> {
      throw new NullPointerException();
    });

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class,
            e -> assertThat(e.errorMessage()).isEqualTo("java.lang.NullPointerException"));
  }

  @Test
  void theInstanceStaysWarmAfterAHandlerError() throws Exception {
    AtomicInteger call = new AtomicInteger();
    LocalFunction fn = function("recovers", () -> (input, ctx) -> {
      if (call.incrementAndGet() == 1) {
        throw new IllegalArgumentException("first call fails");
      }
      return JSON.textNode("ok");
    });

    assertThatThrownBy(() -> fn.invoke(null)).isInstanceOf(LocalFunctionException.class);
    assertThat(fn.invoke(null).asText()).isEqualTo("ok");

    assertThat(factoryCalls).hasValue(1);
    assertThat(fn.stats().errors()).isEqualTo(1);
  }

  @Test
  void anErrorDiscardsTheInstance() throws Exception {
    AtomicInteger call = new AtomicInteger();
    LocalFunction fn = function("fatal", () -> (input, ctx) -> {
      if (call.incrementAndGet() == 1) {
        throw new StackOverflowError("too deep");
      }
      return JSON.textNode("ok");
    });

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class,
            e -> assertThat(e.errorType()).isEqualTo("java.lang.StackOverflowError"));
    assertThat(fn.invoke(null).asText()).isEqualTo("ok");
    assertThat(factoryCalls).hasValue(2);
  }

  @Test
  void aFailingFactoryFailsTheInvocationAndTheNextOneStartsCold() throws Exception {
    AtomicInteger made = new AtomicInteger();
    LocalFunction fn = function("init", () -> {
      if (made.incrementAndGet() == 1) {
        throw new IllegalStateException("missing configuration SLUICE_BUCKET");
      }
      return (input, ctx) -> JSON.textNode("ok");
    });

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
          assertThat(e.errorMessage()).contains("SLUICE_BUCKET");
        });
    assertThat(fn.invoke(null).asText()).isEqualTo("ok");
    assertThat(fn.stats().coldStarts()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- payloads and context

  @Test
  void theHandlerGetsACopyOfTheInput() throws Exception {
    LocalFunction fn = function("mutator", () -> (input, ctx) -> {
      ((ObjectNode) input).put("mutated", true);
      return input;
    });
    ObjectNode input = JSON.objectNode().put("n", 1);

    JsonNode result = fn.invoke(input);

    assertThat(input.toString()).isEqualTo("{\"n\":1}");
    assertThat(result.toString()).isEqualTo("{\"n\":1,\"mutated\":true}");
    assertThat(result).isNotSameAs(input);
  }

  @Test
  void theCallerGetsACopyOfTheOutput() throws Exception {
    ObjectNode kept = JSON.objectNode().put("state", "original");
    LocalFunction fn = function("keeper", () -> (input, ctx) -> kept);

    ((ObjectNode) fn.invoke(null)).put("state", "changed by the caller");

    assertThat(kept.get("state").asText()).isEqualTo("original");
  }

  @Test
  void theHandlerGetsTheRequestAsJsonBytesAndItsBytesAreTheResponse() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    LocalFunction fn = function(LocalFunction.builder("raw", () -> (input, ctx) -> {
      seen.set(new String(input, java.nio.charset.StandardCharsets.UTF_8));
      return "{\"answer\": 42}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }));

    JsonNode result = fn.invoke(JSON.objectNode().put("question", "?"));

    assertThat(seen.get()).isEqualTo("{\"question\":\"?\"}");
    assertThat(result.toString()).isEqualTo("{\"answer\":42}");
  }

  @Test
  void aResponseThatIsNotJsonFailsTheInvocationSayingSo() {
    LocalFunction fn = function(LocalFunction.builder("garbage", () -> (input, ctx) ->
        "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("garbage")
        .hasMessageContaining("is not JSON");
  }

  @Test
  void nullInputAndOutputAreJsonNull() throws Exception {
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    LocalFunction fn = function("nulls", () -> (input, ctx) -> {
      seen.set(input);
      return null;
    });

    assertThat(fn.invoke(null).isNull()).isTrue();
    assertThat(seen.get().isNull()).isTrue();
  }

  @Test
  void theContextTellsRequestIdNameAndMemory() throws Exception {
    Set<String> requestIds = ConcurrentHashMap.newKeySet();
    LocalFunction fn = function(builder("ctx", () -> (input, ctx) -> {
      requestIds.add(ctx.requestId());
      return JSON.objectNode().put("name", ctx.functionName()).put("memory", ctx.memoryMb());
    }).memoryMb(2048));

    JsonNode first = fn.invoke(null);
    fn.invoke(null);

    assertThat(first.toString()).isEqualTo("{\"name\":\"ctx\",\"memory\":2048}");
    assertThat(requestIds).hasSize(2).allSatisfy(id -> UUID.fromString(id));
  }

  @Test
  void rejectsARequestOverSixMegabytesBeforeStartingAnInstance() {
    LocalFunction fn = function("big-in", () -> (input, ctx) -> input);
    TextNode big = JSON.textNode("x".repeat(LocalFunction.MAX_REQUEST_BYTES));

    assertThatThrownBy(() -> fn.invoke(big))
        .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("RequestEntityTooLargeException");
          assertThat(e.errorMessage()).startsWith("Request must be smaller than 6291456 bytes");
        });
    assertThat(factoryCalls).hasValue(0);
  }

  @Test
  void failsAResponseOverSixMegabytesAndKeepsTheInstance() throws Exception {
    AtomicInteger call = new AtomicInteger();
    LocalFunction fn = function("big-out", () -> (input, ctx) ->
        call.incrementAndGet() == 1 ? JSON.textNode("x".repeat(LocalFunction.MAX_RESPONSE_BYTES)) : JSON.textNode("ok"));

    assertThatThrownBy(() -> fn.invoke(null))
        .isInstanceOfSatisfying(LocalFunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("Function.ResponseSizeTooLarge");
          assertThat(e.errorMessage()).contains("6291556 bytes");
        });
    assertThat(fn.invoke(null).asText()).isEqualTo("ok");
    assertThat(factoryCalls).hasValue(1);
  }

  // ---------------------------------------------------------------- stats, close, interruption

  @Test
  void statsShowBusyInstancesWhileInvocationsRun() throws Exception {
    AtomicReference<LocalFunction> self = new AtomicReference<>();
    AtomicReference<FunctionStats> during = new AtomicReference<>();
    LocalFunction fn = function("stats", () -> (input, ctx) -> {
      during.set(self.get().stats());
      return input;
    });
    self.set(fn);

    fn.invoke(null);

    assertThat(during.get().busyInstances()).isEqualTo(1);
    assertThat(during.get().invocations()).isEqualTo(1);
    assertThat(fn.stats().busyInstances()).isZero();
    assertThat(fn.stats().instances()).isEqualTo(1);
  }

  @Test
  void closeShutsInstancesDownAndRejectsLaterInvocations() throws Exception {
    AtomicReference<Thread> instanceThread = new AtomicReference<>();
    LocalFunction fn = function("closing", () -> (input, ctx) -> {
      instanceThread.set(Thread.currentThread());
      return input;
    });
    fn.invoke(null);

    fn.close();

    instanceThread.get().join(5_000);
    assertThat(instanceThread.get().isAlive()).isFalse();
    assertThat(fn.stats().instances()).isZero();
    assertThatThrownBy(() -> fn.invoke(null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closing");
  }

  @Test
  void interruptingTheCallerInterruptsTheInvocationAndDiscardsTheInstance() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    LocalFunction fn = function(builder("cancelled", () -> (input, ctx) -> {
      started.countDown();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      return input;
    }).timeout(Duration.ofSeconds(30)));

    Future<JsonNode> call = callers.submit(() -> fn.invoke(null));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    call.cancel(true);

    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    waitUntil(() -> fn.stats().instances() == 0);
  }

  @Test
  void builderRejectsOutOfRangeSettingsNamingThem() {
    Supplier<FunctionHandler> handler = () -> (input, ctx) -> input;

    assertThatThrownBy(() -> LocalFunction.builder("bad name!", handler).build()).hasMessageContaining("bad name!");
    assertThatThrownBy(() -> LocalFunction.builder("f", handler).memoryMb(64).build()).hasMessageContaining("memoryMb").hasMessageContaining("64");
    assertThatThrownBy(() -> LocalFunction.builder("f", handler).timeout(Duration.ZERO).build()).hasMessageContaining("timeout");
    assertThatThrownBy(() -> LocalFunction.builder("f", handler).timeout(Duration.ofMinutes(16)).build()).hasMessageContaining("15 minutes");
    assertThatThrownBy(() -> LocalFunction.builder("f", handler).maxConcurrency(0).build()).hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> LocalFunction.builder("f", null).build()).hasMessageContaining("handler factory");
  }

  @Test
  void builderDefaultsAreLambdas() {
    LocalFunction fn = function("defaults", () -> (input, ctx) -> input);

    assertThat(fn.memoryMb()).isEqualTo(128);
    assertThat(fn.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fn.maxConcurrency()).isEqualTo(1000);
  }

  // ---------------------------------------------------------------- helpers

  /** A handler on parsed JSON, as most of these tests find it easier to write. */
  @FunctionalInterface
  interface JsonHandler {
    JsonNode handle(JsonNode input, InvocationContext context) throws Exception;
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** {@code handler} as a {@link FunctionHandler}: parses the request's bytes, writes the response's. */
  private static FunctionHandler bytes(JsonHandler handler) {
    return (input, ctx) -> {
      JsonNode out = handler.handle(MAPPER.readTree(input), ctx);
      return out == null ? null : MAPPER.writeValueAsBytes(out);
    };
  }

  private LocalFunction.Builder builder(String name, Supplier<JsonHandler> factory) {
    return LocalFunction.builder(name, () -> {
      factoryCalls.incrementAndGet();
      JsonHandler handler = factory.get();
      return handler == null ? null : bytes(handler);
    });
  }

  private LocalFunction function(String name, Supplier<JsonHandler> factory) {
    return function(builder(name, factory));
  }

  private LocalFunction function(LocalFunction.Builder builder) {
    LocalFunction fn = builder.build();
    functions.add(fn);
    return fn;
  }

  private static void waitUntil(Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** A clock the test moves by hand. */
  private static final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now;

    TestClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
