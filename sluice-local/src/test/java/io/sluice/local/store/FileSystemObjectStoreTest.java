package io.sluice.local.store;

import io.sluice.store.ObjectStore;
import io.sluice.store.StoreException;
import io.sluice.store.InvalidKeyException;
import io.sluice.store.KeyConflictException;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStoreContract;
import io.sluice.store.ObjectWriter;
import io.sluice.store.PreconditionFailedException;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemObjectStoreTest extends ObjectStoreContract {
  @TempDir Path dir;

  private Path root;

  @Override
  protected ObjectStore newStore() {
    root = dir.resolve("store");
    return new FileSystemObjectStore(root);
  }

  @Override
  protected boolean objectsAndPrefixesMayShareAName() {
    return false;
  }

  private FileSystemObjectStore fsStore() {
    return (FileSystemObjectStore) store;
  }

  @Override
  protected void assertNothingStaged() throws IOException {
    assertNoTemporaryFiles();
  }

  // ---------------------------------------------------------------- layout

  @Test
  void storesAnObjectAsAFileAtItsKey() throws IOException {
    store.put("runs/r-1/state/00000001.json", bytes("{}"));

    assertThat(root.resolve("runs/r-1/state/00000001.json")).hasContent("{}");
  }

  @Test
  void createsTheRootDirectoryWhenMissing() throws IOException {
    Path nested = dir.resolve("does/not/exist/yet");
    FileSystemObjectStore created = new FileSystemObjectStore(nested);

    assertThat(nested).isDirectory();
    assertThat(created.root()).isEqualTo(nested.toRealPath());
  }

  @Test
  void refusesARootThatIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> new FileSystemObjectStore(file))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining(file.toString());
  }

  @Test
  void seesObjectsWrittenThroughAnotherStoreOnTheSameRoot() {
    store.put("shared/k", bytes("v"));
    FileSystemObjectStore other = new FileSystemObjectStore(root);

    assertThat(other.get("shared/k")).asString(UTF_8).isEqualTo("v");
    assertThat(other.putIfAbsent("shared/k", bytes("w"))).isFalse();
  }

  // ---------------------------------------------------------------- temporary area

  @Test
  void temporaryFilesAreNeverListed() throws IOException {
    try (OutputStream unfinished = store.create("out/part-0")) {
      unfinished.write(bytes("in progress"));

      assertThat(root.resolve(FileSystemObjectStore.TEMP_AREA)).isNotEmptyDirectory();
      assertThat(keys(store.list("", null, 100))).isEmpty();
      assertThat(keys(store.list(".", null, 100))).isEmpty();
      assertThat(keys(store.list(".sluice", null, 100))).isEmpty();
    }
    assertThat(keys(store.list("", null, 100))).containsExactly("out/part-0");
  }

  @Test
  void leftoversOfACrashInTheTemporaryAreaAreIgnored() throws IOException {
    Path tempArea = root.resolve(FileSystemObjectStore.TEMP_AREA);
    Files.writeString(tempArea.resolve("0b7c5e1a-dead.tmp"), "half a commit");
    Files.createDirectories(tempArea.resolve("strange-dir"));

    FileSystemObjectStore reopened = new FileSystemObjectStore(root);
    reopened.put("k", bytes("v"));

    assertThat(keys(reopened.list("", null, 100))).containsExactly("k");
    assertThat(reopened.putIfAbsent("k2", bytes("v2"))).isTrue();
  }

  @Test
  void writesLeaveNothingBehindInTheTemporaryArea() throws IOException {
    store.put("a", bytes("1"));
    store.putIfAbsent("b", bytes("2"));
    store.putIfAbsent("b", bytes("3"));
    try (OutputStream out = store.create("c")) {
      out.write(4);
    }

    assertNoTemporaryFiles();
  }

  @ParameterizedTest
  @ValueSource(strings = {".sluice-tmp", ".sluice-tmp/x", ".sluice-tmp/a/b"})
  void rejectsKeysInTheTemporaryArea(String key) {
    assertThatThrownBy(() -> store.put(key, bytes("x")))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void allowsTheTemporaryAreaNameDeeperInAKey() {
    store.put("a/.sluice-tmp", bytes("x"));

    assertThat(keys(store.list("a/", null, 10))).containsExactly("a/.sluice-tmp");
  }

  // ---------------------------------------------------------------- key safety

  @ParameterizedTest
  @ValueSource(strings = {"../outside", "a/../../outside", "..", "a/b/../../../outside", "/etc/passwd"})
  void rejectsKeysThatEscapeTheRoot(String key) throws IOException {
    assertThatThrownBy(() -> store.put(key, bytes("x"))).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(InvalidKeyException.class);

    try (Stream<Path> everything = Files.walk(dir)) {
      assertThat(everything.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../outside", "a/../../outside", "..", ".", "", ".sluice-tmp/x"})
  void refusesPathsOutsideTheRootEvenIfAKeyGotThroughValidation(String key) {
    // Defence in depth: the last check before touching the file system, without the key rules.
    assertThatThrownBy(() -> fsStore().resolveInsideRoot(key))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("outside the store's root");
  }

  @Test
  void rejectsSegmentsLongerThanAFileNameMayBe() {
    String longSegment = "s".repeat(256);

    assertThatThrownBy(() -> store.put("a/" + longSegment + "/b", bytes("x")))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("256 UTF-8 bytes")
        .hasMessageContaining("255");
    store.put("a/" + "s".repeat(255), bytes("fits"));
    assertThat(keys(store.list("a/" + longSegment + "/", null, 10))).isEmpty();
  }

  @Test
  void symbolicLinksAreNotObjects() throws IOException {
    Path outside = Files.writeString(dir.resolve("secret"), "outside the root");
    Files.createSymbolicLink(root.resolve("link"), outside);

    assertThat(store.stat("link")).isEmpty();
    assertThatThrownBy(() -> store.get("link")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(keys(store.list("", null, 10))).isEmpty();
  }

  @Test
  void filesWithNamesNoKeyCouldHaveAreNotListed() throws IOException {
    Files.writeString(root.resolve("back\\slash"), "x");
    Files.writeString(root.resolve("tab\there"), "x");
    store.put("fine", bytes("x"));

    assertThat(keys(store.list("", null, 10))).containsExactly("fine");
  }

  // ---------------------------------------------------------------- object vs prefix

  @Test
  void refusesAnObjectWherePrefixedObjectsExist() throws IOException {
    store.put("a/b/c", bytes("x"));

    for (String key : List.of("a", "a/b")) {
      assertThatThrownBy(() -> store.put(key, bytes("y")))
          .isInstanceOfSatisfying(KeyConflictException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.conflictingKey()).isEqualTo(key + "/");
          })
          .hasMessageContaining("objects already exist under the prefix '" + key + "/'");
      assertThatThrownBy(() -> store.putIfAbsent(key, bytes("y"))).isInstanceOf(KeyConflictException.class);
      OutputStream out = store.create(key);
      assertThatThrownBy(out::close).isInstanceOf(KeyConflictException.class);
    }
    assertThat(keys(store.list("", null, 10))).containsExactly("a/b/c");
    assertNoTemporaryFiles();
  }

  @Test
  void refusesAnObjectBelowAnotherObject() {
    store.put("a", bytes("x"));

    assertThatThrownBy(() -> store.put("a/b/c", bytes("y")))
        .isInstanceOfSatisfying(KeyConflictException.class, e -> assertThat(e.conflictingKey()).isEqualTo("a"));
    assertThatThrownBy(() -> store.putIfAbsent("a/b", bytes("y"))).isInstanceOf(KeyConflictException.class);
    assertThat(store.stat("a/b")).isEmpty();
    assertThatThrownBy(() -> store.get("a/b")).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void aPrefixCanBecomeAnObjectOnceItsObjectsAreDeleted() {
    store.put("a/b", bytes("x"));
    store.delete("a/b");

    store.put("a", bytes("now an object"));

    assertThat(store.get("a")).asString(UTF_8).isEqualTo("now an object");
  }

  // ---------------------------------------------------------------- directories

  @Test
  void deleteRemovesTheDirectoriesItEmptied() {
    store.put("runs/r-1/tasks/t-1", bytes("x"));
    store.put("runs/r-2", bytes("y"));

    store.delete("runs/r-1/tasks/t-1");

    assertThat(root.resolve("runs/r-1")).doesNotExist();
    assertThat(root.resolve("runs")).isDirectory();
    assertThat(root).isDirectory();
  }

  @Test
  void deleteKeepsDirectoriesThatStillHoldObjects() {
    store.put("a/b/1", bytes("x"));
    store.put("a/b/2", bytes("y"));

    store.delete("a/b/1");

    assertThat(root.resolve("a/b/2")).exists();
  }

  @Test
  void concurrentPutsAndDeletesInTheSameDirectoriesLoseNoObject() throws Exception {
    // Deletes remove emptied directories while puts create them again: every put must still land.
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers * 2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 50; i++) {
            store.put("shared/dir/w" + writer + "-" + i, bytes("x"));
          }
          return null;
        }));
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 50; i++) {
            store.put("shared/dir/tmp-" + writer, bytes("t"));
            store.delete("shared/dir/tmp-" + writer);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(keys(store.list("shared/", null, 1000))).hasSize(writers * 50);
  }

  // ---------------------------------------------------------------- writer

  @Test
  void aFailedWriteMakesCommitThrowAndPublishesNothing() throws Exception {
    store.put("k", bytes("old"));
    ObjectWriter out = store.create("k");
    out.write(bytes("buffered "));
    channelOf(out).close(); // the disk goes away under the writer

    assertThatThrownBy(() -> out.write(new byte[100_000])).isInstanceOf(IOException.class);
    assertThatThrownBy(out::commit).isInstanceOf(IOException.class).hasMessageContaining("'k' was not written");
    assertThat(store.get("k")).asString(UTF_8).isEqualTo("old");
    assertNoTemporaryFiles();
  }

  @Test
  void closingAfterAFailedWriteThrowsAndPublishesNothing() throws Exception {
    ObjectWriter out = store.create("k");
    channelOf(out).close();

    assertThatThrownBy(() -> out.write(new byte[100_000])).isInstanceOf(IOException.class);
    assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("'k' was not written");
    assertThat(store.exists("k")).isFalse();
    assertNoTemporaryFiles();
  }

  @Test
  void aWriterFedWhatARecordWriterDrainsHoldsNoBufferOfItsOwn() throws IOException {
    // A record writer's first buffer is 8 KB and it drains when the next value does not fit: writes
    // a little under 8 KB. Buffering those again would give each open output a second 64 KB.
    FileSystemObjectWriter out = (FileSystemObjectWriter) store.create("k");
    java.util.Random random = new java.util.Random(7);
    long total = 0;
    for (int i = 0; i < 50; i++) {
      int len = 8 * 1024 - 1 - random.nextInt(200);
      out.write(new byte[len]);
      total += len;
    }
    assertThat(out.hasBuffer()).isFalse();
    out.commit();
    assertThat(store.stat("k").orElseThrow().size()).isEqualTo(total);
  }

  @Test
  void aWriterFedLargeWritesHoldsNoBufferOfItsOwn() throws IOException {
    FileSystemObjectWriter out = (FileSystemObjectWriter) store.create("k");
    out.write(new byte[64 * 1024]);
    out.write(new byte[FileSystemObjectWriter.DIRECT_WRITE]);

    assertThat(out.hasBuffer()).isFalse();

    out.write(1);
    assertThat(out.hasBuffer()).isTrue();
    out.commit();
    assertThat(store.stat("k").orElseThrow().size()).isEqualTo(64 * 1024 + FileSystemObjectWriter.DIRECT_WRITE + 1);
  }

  @Test
  void writesOfMixedSizesArriveInOrder() throws IOException {
    java.util.Random random = new java.util.Random(7);
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    try (ObjectWriter out = store.create("mixed")) {
      for (int i = 0; i < 300; i++) {
        int kind = random.nextInt(4);
        byte[] chunk = new byte[kind == 0 ? 1 : kind == 1 ? random.nextInt(100) : kind == 2 ? random.nextInt(70_000) : 8192];
        random.nextBytes(chunk);
        if (chunk.length == 1) {
          out.write(chunk[0]);
        } else {
          out.write(chunk);
        }
        expected.write(chunk);
        if (i % 50 == 0) {
          out.flush();
        }
      }
    }

    assertThat(store.get("mixed")).isEqualTo(expected.toByteArray());
  }

  private static java.nio.channels.FileChannel channelOf(ObjectWriter out) throws ReflectiveOperationException {
    java.lang.reflect.Field field = FileSystemObjectWriter.class.getDeclaredField("channel");
    field.setAccessible(true);
    return (java.nio.channels.FileChannel) field.get(out);
  }

  // ---------------------------------------------------------------- versions

  @Test
  void theEtagChangesEvenWhenTheSameBytesAreWrittenAgain() {
    store.put("k", bytes("same"));
    String first = store.stat("k").orElseThrow().etag();
    store.put("k", bytes("same"));

    assertThat(store.stat("k").orElseThrow().etag()).isNotEqualTo(first);
  }

  @Test
  void anUnchangedObjectKeepsItsEtagAcrossStoresOnTheSameRoot() {
    store.put("k", bytes("v"));
    String etag = store.stat("k").orElseThrow().etag();

    FileSystemObjectStore other = new FileSystemObjectStore(root);

    assertThat(other.stat("k").orElseThrow().etag()).isEqualTo(etag);
    assertThat(store.stat("k").orElseThrow().etag()).isEqualTo(etag);
    assertThat(etag).matches("\"[0-9a-f]{32}\"");
  }

  @Test
  void aPinnedReadIsRefusedWhenTheFileWasReplacedBehindTheStoresBack() throws IOException {
    store.put("k", bytes("0123"));
    String etag = store.stat("k").orElseThrow().etag();
    Path replacement = Files.writeString(dir.resolve("replacement"), "4567");
    Files.move(replacement, root.resolve("k"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> store.openRange("k", 0, 4, etag)).isInstanceOf(PreconditionFailedException.class);
  }

  // ---------------------------------------------------------------- classification

  @Test
  void anIoErrorThatMayPassIsRetryable() throws IOException {
    try (Stream<Path> walk = Files.walk(root.resolve(FileSystemObjectStore.TEMP_AREA))) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p); // someone cleaned the temporary area by hand while the store was open
      }
    }

    assertThatThrownBy(() -> store.put("k", bytes("x")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("'k'");
    assertThatThrownBy(() -> store.create("k"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isTrue());

    FileSystemObjectStore reopened = new FileSystemObjectStore(root); // recreates the area
    reopened.put("k", bytes("x"));
    assertThat(reopened.get("k")).asString(UTF_8).isEqualTo("x");
  }

  @Test
  void aDeniedPermissionIsFinalAndOtherIoErrorsAreRetryable() {
    // Tests run as root here, where permissions deny nothing: the mapping is checked directly.
    StoreException denied = FileSystemObjectStore.failure(
        "k", "Cannot read object 'k'", new java.nio.file.AccessDeniedException("/store/k"));
    StoreException other = FileSystemObjectStore.failure(
        "k", "Cannot read object 'k'", new java.nio.file.FileSystemException("/store/k: Input/output error"));

    assertThat(denied).isInstanceOf(io.sluice.store.AccessDeniedException.class).hasMessageContaining("permission");
    assertThat(denied.retryable()).isFalse();
    assertThat(((io.sluice.store.AccessDeniedException) denied).key()).isEqualTo("k");
    assertThat(other.retryable()).isTrue();
  }

  /** The temporary area holds its shard folders and no file at all. */
  private void assertNoTemporaryFiles() throws IOException {
    try (var walk = java.nio.file.Files.walk(root.resolve(FileSystemObjectStore.TEMP_AREA))) {
      assertThat(walk.filter(java.nio.file.Files::isRegularFile).toList()).isEmpty();
    }
  }
}
