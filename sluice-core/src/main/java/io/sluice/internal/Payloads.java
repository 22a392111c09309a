package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.function.FunctionException;
import java.io.IOException;

/** The JSON payloads of the Driver and Executor functions, read and written with Sluice's one mapper. */
public final class Payloads {
  private Payloads() {}

  /**
   * Parses a function's input.
   *
   * @throws FunctionException {@code Sluice.InvalidInput} if it is not JSON, naming the function
   */
  public static JsonNode read(byte[] input, String function) {
    try {
      return Json.MAPPER.readTree(input == null ? new byte[0] : input);
    } catch (IOException e) {
      throw new FunctionException("Sluice.InvalidInput", "The " + function + "'s input is not JSON: "
          + e.getMessage(), e);
    }
  }

  /** A function's output as JSON bytes. */
  public static byte[] write(JsonNode output) {
    return Json.bytes(output);
  }
}
