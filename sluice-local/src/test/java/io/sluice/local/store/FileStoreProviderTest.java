package io.sluice.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.store.ObjectStores;
import io.sluice.store.StoreLocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreProviderTest {
  @TempDir Path dir;

  @Test
  void plainPathsAndFileUrisOpenADirectoryStoreRootedThere() throws Exception {
    Files.createDirectories(dir.resolve("in/a"));
    Files.writeString(dir.resolve("in/a/x.csv"), "1,2\n");

    StoreLocation byPath = ObjectStores.open(dir.resolve("in").toString());
    StoreLocation byUri = ObjectStores.open(dir.resolve("in").toUri().toString());

    for (StoreLocation loc : new StoreLocation[] {byPath, byUri}) {
      assertThat(loc.store()).isInstanceOf(FileSystemObjectStore.class);
      assertThat(loc.prefix()).isEmpty();
      assertThat(new String(loc.store().get("a/x.csv"), StandardCharsets.UTF_8)).isEqualTo("1,2\n");
    }
    StoreLocation sub = byPath.resolve("a");
    assertThat(sub.prefix()).isEqualTo("a/");
    assertThat(sub.key("x.csv")).isEqualTo("a/x.csv");
    assertThat(sub.relative("a/x.csv")).isEqualTo("x.csv");
  }

  @Test
  void anUnknownSchemeOrAFileIsRefusedWithWhatCanBeOpened() throws Exception {
    assertThatThrownBy(() -> ObjectStores.open("gs://bucket/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gs:'")
        .hasMessageContaining("known: file");
    Path file = Files.writeString(dir.resolve("f.txt"), "x");
    assertThatThrownBy(() -> ObjectStores.open(file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a file");
  }
}
