package io.sluice.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8#firstMalformed} (with its eight-bytes-at-a-time ASCII path) against the JDK's decoder. */
class Utf8ValidationPropertyTest {
  @Test
  void agreesWithTheJdkDecoderOnRandomTextWithLongAsciiRuns() {
    Random random = new Random(7);
    String[] pieces = {"a", "plain ascii run of text ", "é", "€", "𝄞", "0123456789abcdef"};
    for (int trial = 0; trial < 20_000; trial++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      byte[] valid = text.toString().getBytes(StandardCharsets.UTF_8);
      byte[] b = new byte[valid.length + 8];
      int off = random.nextInt(4);
      System.arraycopy(valid, 0, b, off, valid.length);
      if (valid.length > 0 && random.nextBoolean()) {
        // break it: a stray continuation, a lead byte without its tail, or an invalid byte
        int at = off + random.nextInt(valid.length);
        b[at] = (byte) new int[] {0x80, 0xC3, 0xFF, 0xED}[random.nextInt(4)];
      }
      int len = valid.length;
      int got = Utf8.firstMalformed(b, off, len);
      boolean jdkValid = jdkValid(b, off, len);
      assertThat(got < 0).as("trial %d: %s", trial, text).isEqualTo(jdkValid);
      if (got >= 0) {
        assertThat(jdkValid(b, off, got - off)).as("the bytes before index %d are valid", got).isTrue();
      }
    }
  }

  private static boolean jdkValid(byte[] b, int off, int len) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
