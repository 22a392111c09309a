package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic task ids: a hash of job, stage and the task's canonical input, so every retry,
 * duplicate delivery and redrive of a task has the same id.
 */
public final class TaskIds {
  private TaskIds() {}

  /** The id of a planned task. */
  public static String of(String job, String stage, JsonNode input) {
    return "t" + hash(job + '\0' + stage + '\0' + Json.canonical(input));
  }

  /** The id of the continuation of {@code parentId} that resumes at {@code position}. */
  public static String continuation(String parentId, JsonNode position) {
    return "t" + hash(parentId + '\0' + Json.canonical(position));
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
