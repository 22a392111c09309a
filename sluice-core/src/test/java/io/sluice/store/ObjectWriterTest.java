package io.sluice.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules {@link ObjectWriter} keeps for every store, on a writer that stages bytes in memory. */
class ObjectWriterTest {
  /** Stages in memory; publishes into {@code published}; fails writes when told to. */
  static final class MemoryWriter extends ObjectWriter {
    final ByteArrayOutputStream staged = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();
    boolean failWrites;
    boolean failPublish;
    String published;

    MemoryWriter(String key) {
      super(key);
    }

    @Override
    protected void writeBytes(byte[] b, int off, int len) throws IOException {
      if (failWrites) {
        throw new IOException("disk gone");
      }
      staged.write(b, off, len);
    }

    @Override
    protected void flushBytes() {
      events.add("flush");
    }

    @Override
    protected String publish(boolean onlyIfAbsent) throws IOException {
      events.add(onlyIfAbsent ? "publishIfAbsent" : "publish");
      if (failPublish) {
        throw new IOException("rename failed");
      }
      published = staged.toString(UTF_8);
      return "\"etag-1\"";
    }

    @Override
    protected void discard() {
      events.add("discard");
    }
  }

  @Test
  void closeWithoutCommitOrAbortCommits() throws IOException {
    MemoryWriter out = new MemoryWriter("k");
    out.write("hello".getBytes(UTF_8));
    out.write('!');

    out.close();

    assertThat(out.published).isEqualTo("hello!");
    assertThat(out.events).containsExactly("publish");
    assertThat(out.isOpen()).isFalse();
  }

  @Test
  void commitReturnsTheEtagAndCloseAfterItDoesNothing() throws IOException {
    MemoryWriter out = new MemoryWriter("k");

    assertThat(out.commit()).isEqualTo("\"etag-1\"");
    out.close();
    out.abort();

    assertThat(out.events).containsExactly("publish");
  }

  @Test
  void abortDiscardsOnceAndCloseAfterItPublishesNothing() throws IOException {
    MemoryWriter out = new MemoryWriter("k");
    out.write(1);

    out.abort();
    out.abort();
    out.close();

    assertThat(out.published).isNull();
    assertThat(out.events).containsExactly("discard");
  }

  @Test
  void aFailedWriteMakesCommitThrowAndDiscards() throws IOException {
    MemoryWriter out = new MemoryWriter("runs/r/out/part-0");
    out.write(1);
    out.failWrites = true;
    assertThatThrownBy(() -> out.write(2)).isInstanceOf(IOException.class).hasMessage("disk gone");
    out.failWrites = false;

    assertThatThrownBy(() -> out.write(3)).isInstanceOf(IOException.class).hasMessageContaining("failed before");
    assertThatThrownBy(out::commit)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'runs/r/out/part-0' was not written")
        .hasRootCauseMessage("disk gone");
    assertThat(out.published).isNull();
    assertThat(out.events).containsExactly("discard");
  }

  @Test
  void closeAfterAFailedWriteThrowsAndDiscards() {
    MemoryWriter out = new MemoryWriter("k");
    out.failWrites = true;
    assertThatThrownBy(() -> out.write(new byte[10], 0, 10)).isInstanceOf(IOException.class);

    assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("'k' was not written");
    assertThat(out.events).containsExactly("discard");
  }

  @Test
  void aFailedPublishFinishesTheWriter() {
    MemoryWriter out = new MemoryWriter("k");
    out.failPublish = true;

    assertThatThrownBy(out::commit).isInstanceOf(IOException.class).hasMessage("rename failed");
    assertThatThrownBy(out::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("'k'");
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
  }

  @Test
  void commitIfAbsentAsksThePublisherForCreateIfAbsent() throws IOException {
    MemoryWriter out = new MemoryWriter("k");

    assertThat(out.commitIfAbsent()).isTrue();
    assertThat(out.events).containsExactly("publishIfAbsent");
  }

  @Test
  void badArgumentsDoNotPoisonTheWriter() throws IOException {
    MemoryWriter out = new MemoryWriter("k");

    assertThatThrownBy(() -> out.write(new byte[2], 1, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    out.write(new byte[] {'x'}, 0, 1);
    out.commit();

    assertThat(out.published).isEqualTo("x");
  }
}
