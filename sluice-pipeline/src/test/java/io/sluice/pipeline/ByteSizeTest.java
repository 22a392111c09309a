package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void parsesSizesWithBinaryUnits() {
    assertThat(ByteSize.parse("256MB")).isEqualTo(256L << 20);
    assertThat(ByteSize.parse("1.5 GiB")).isEqualTo(3L << 29);
    assertThat(ByteSize.parse("64k")).isEqualTo(64L << 10);
    assertThat(ByteSize.parse("1048576")).isEqualTo(1L << 20);
    assertThat(ByteSize.parse(" 2 tb ")).isEqualTo(2L << 40);
  }

  @Test
  void refusesWhatIsNotASize() {
    for (String bad : new String[] {"", "MB", "-1MB", "12 parsecs", "0", "0.1"}) {
      assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void formatsInTheLargestUnit() {
    assertThat(ByteSize.format(512)).isEqualTo("512 B");
    assertThat(ByteSize.format(256L << 20)).isEqualTo("256.0 MB");
    assertThat(ByteSize.format(3L << 29)).isEqualTo("1.5 GB");
  }
}
