package io.sluice.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Splitting an object into byte ranges reads every line exactly once, wherever the cuts fall. */
class LineRangeTest {

  static List<String> readAll(byte[] data, int chunk) throws IOException {
    List<String> lines = new ArrayList<>();
    for (long off = 0; off < data.length; off += chunk) {
      long end = Math.min(data.length, off + chunk);
      long streamStart = off > 0 ? off - 1 : 0;
      try (LineRange r = new LineRange(new ByteArrayInputStream(data, (int) streamStart, data.length - (int) streamStart),
          streamStart, off, end, false)) {
        String line;
        while ((line = r.next()) != null) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  @Property(tries = 300)
  void everyLineIsReadExactlyOnce(
      @ForAll @Size(min = 1, max = 40) List<@StringLength(min = 0, max = 30) String> words,
      @ForAll @IntRange(min = 1, max = 64) int chunk,
      @ForAll boolean trailingNewline) throws IOException {
    List<String> clean = words.stream().map(w -> w.replace('\n', ' ').replace('\r', ' ')).toList();
    String text = String.join("\n", clean) + (trailingNewline ? "\n" : "");
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (trailingNewline || expected.get(expected.size() - 1).isEmpty()) {
      expected.remove(expected.size() - 1);
    }
    assertThat(readAll(data, chunk)).containsExactlyElementsOf(expected);
  }

  @Test
  void aRangeStartingExactlyAtALineStartKeepsThatLine() throws IOException {
    byte[] data = "ab\ncd\nef\n".getBytes(StandardCharsets.UTF_8);
    assertThat(readAll(data, 3)).containsExactly("ab", "cd", "ef");
  }

  @Test
  void aContinuationResumesAtItsPosition() throws IOException {
    byte[] data = "ab\ncd\nef\n".getBytes(StandardCharsets.UTF_8);
    try (LineRange r = new LineRange(new ByteArrayInputStream(data, 3, data.length - 3), 3, 3, data.length, true)) {
      assertThat(r.next()).isEqualTo("cd");
      assertThat(r.position()).isEqualTo(6);
      assertThat(r.next()).isEqualTo("ef");
      assertThat(r.next()).isNull();
    }
  }
}
