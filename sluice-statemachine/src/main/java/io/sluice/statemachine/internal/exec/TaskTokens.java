package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.TaskTokenException;
import io.sluice.statemachine.TaskTokenException.Reason;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task tokens of one interpreter: issues them and routes {@code SendTaskSuccess} / {@code
 * SendTaskFailure} / {@code SendTaskHeartbeat} to the task waiting on one. Thread-safe.
 *
 * <p>A token is the URL-safe Base64 of a version byte, the interpreter's random id, a sequence number and
 * random bytes. So a token tells, without any record of ended tasks, whether it is not one of ours at all
 * ({@code InvalidToken}), from another interpreter or never issued ({@code TaskDoesNotExist}), or issued
 * to a task that has ended ({@code TaskTimedOut}).
 */
public final class TaskTokens {
  private static final byte VERSION = 1;
  private static final int LENGTH = 1 + 16 + 8 + 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] id = new byte[16];
  private final AtomicLong issued = new AtomicLong();
  private final Map<String, TaskWait> waiting = new ConcurrentHashMap<>();

  public TaskTokens() {
    RANDOM.nextBytes(id);
  }

  /** A new token, not yet waited on. */
  String issue() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put(VERSION).put(id).putLong(issued.getAndIncrement()).put(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  void open(String token, TaskWait wait) {
    waiting.put(token, wait);
  }

  void close(String token) {
    waiting.remove(token);
  }

  public void success(String token, JsonNode output) {
    find(token).succeed(output);
  }

  public void failure(String token, String error, String cause) {
    find(token).fail(error, cause);
  }

  public void heartbeat(String token) {
    find(token).heartbeat(true);
  }

  private TaskWait find(String token) {
    TaskWait w = token == null ? null : waiting.get(token);
    if (w != null) {
      return w;
    }
    throw refused(token);
  }

  private TaskTokenException refused(String token) {
    byte[] bytes;
    try {
      bytes = token == null ? null : Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      bytes = null;
    }
    if (bytes == null || bytes.length != LENGTH || bytes[0] != VERSION) {
      return new TaskTokenException(Reason.INVALID_TOKEN, "Invalid token");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.get();
    byte[] owner = new byte[16];
    b.get(owner);
    long sequence = b.getLong();
    if (!Arrays.equals(owner, id) || sequence < 0 || sequence >= issued.get()) {
      return new TaskTokenException(Reason.TASK_DOES_NOT_EXIST, "Provided task does not exist");
    }
    return closed();
  }

  static TaskTokenException closed() {
    return new TaskTokenException(Reason.TASK_TIMED_OUT, "Provided task does not exist anymore");
  }
}
