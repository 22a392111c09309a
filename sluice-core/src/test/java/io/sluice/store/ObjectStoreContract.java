package io.sluice.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The specification every {@link ObjectStore} meets: S3's semantics as Sluice relies on them.
 *
 * <p>An implementation's test extends this class and supplies a fresh, empty store per test:
 *
 * <pre>{@code
 * class S3ObjectStoreIT extends ObjectStoreContract {
 *   @Override protected ObjectStore newStore() { return new S3ObjectStore(client, freshBucket()); }
 * }
 * }</pre>
 *
 * Published in sluice-core's test-jar ({@code <type>test-jar</type>}) for the store modules. It covers
 * put, create-if-absent, writers (commit, abort, commit-if-absent, concurrent winners), ETags and
 * pinned reads, flat and delimited listings with continuation tokens (checked against a sorted model),
 * bulk delete, key rules and the retryable classification of the store's own failures. Override
 * {@link #objectsAndPrefixesMayShareAName()} for a store that cannot hold {@code a} beside {@code a/b},
 * and {@link #assertNothingStaged()} so that the abort tests also check the staging area. See {@code
 * docs/stores.md}.
 */
public abstract class ObjectStoreContract {
  /**
   * Keys in S3's listing order (UTF-8 bytes): '-' < '.' < '/' < '0', so the objects {@code a-b} and
   * {@code a.c} come before everything under {@code a/}; and U+FF21 < U+1F600, although in UTF-16
   * (String.compareTo) the emoji's surrogates sort first. No key here is also a prefix of another,
   * so every store can hold them all.
   */
  private static final List<String> KEYS_IN_ORDER =
      List.of(
          "a-b",
          "a.c",
          "a/b",
          "a/b-c",
          "a/b.d/x",
          "a/b0",
          "a/bb",
          "a0",
          "aZ",
          "ab",
          "b",
          "caf/x",
          "caf\u00e9",
          "z",
          "\u00e9t\u00e9",
          "\uff21wide",
          "\ud83d\ude00smile");

  protected ObjectStore store;

  /** A new, empty store; called before each test. */
  protected abstract ObjectStore newStore();

  /**
   * Whether the store, like S3, can hold an object and a prefix of the same name ({@code a} and
   * {@code a/b}). A store that cannot must refuse the second with {@link KeyConflictException}.
   */
  protected boolean objectsAndPrefixesMayShareAName() {
    return true;
  }

  /**
   * Checks that no staged bytes of unfinished or aborted writers are left (S3: no incomplete multipart
   * upload; a file system: no temporary file). Stores that can see their staging area override it.
   */
  protected void assertNothingStaged() throws IOException {}

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  // ---------------------------------------------------------------- put, get

  @Test
  void getReturnsWhatPutStored() {
    store.put("runs/r-1/state/00000001.json", bytes("{\"stage\":1}"));

    assertThat(store.get("runs/r-1/state/00000001.json")).asString(UTF_8).isEqualTo("{\"stage\":1}");
  }

  @Test
  void storesEmptyObjects() {
    store.put("empty", new byte[0]);

    assertThat(store.get("empty")).isEmpty();
    assertThat(store.stat("empty")).hasValueSatisfying(info -> assertThat(info.size()).isZero());
  }

  @Test
  void storesEveryByteValue() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    store.put("binary", all);

    assertThat(store.get("binary")).isEqualTo(all);
  }

  @Test
  void putReplacesAnExistingObject() {
    store.put("k", bytes("first, longer content"));
    store.put("k", bytes("second"));

    assertThat(store.get("k")).asString(UTF_8).isEqualTo("second");
  }

  @Test
  void putDoesNotKeepTheCallersArrayAlive() {
    byte[] content = bytes("original");
    store.put("k", content);
    content[0] = 'X';

    assertThat(store.get("k")).asString(UTF_8).isEqualTo("original");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a b",
        "..a",
        "a..",
        "...",
        ".hidden",
        "a/.b",
        "x:y",
        "100%",
        "%2F",
        "~",
        "k=v/year=2024/part-0.parquet",
        "caf\u00e9/\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9",
        "\ud83d\ude00"
      })
  void acceptsKeysThatLookOddButAreValid(String key) {
    store.put(key, bytes(key));

    assertThat(store.get(key)).asString(UTF_8).isEqualTo(key);
    assertThat(keys(list(key, null, 10))).containsExactly(key);
  }

  @Test
  void acceptsAKeyOfExactly1024Utf8Bytes() {
    String segment = "x".repeat(204); // five segments and four slashes: 1024 bytes
    String key = String.join("/", segment, segment, segment, segment, segment);
    assertThat(key.getBytes(UTF_8)).hasSize(1024);
    store.put(key, bytes("max"));

    assertThat(store.get(key)).asString(UTF_8).isEqualTo("max");
  }

  // ---------------------------------------------------------------- putIfAbsent

  @Test
  void putIfAbsentCreatesAMissingObject() {
    assertThat(store.putIfAbsent("commits/t-1", bytes("mine"))).isTrue();

    assertThat(store.get("commits/t-1")).asString(UTF_8).isEqualTo("mine");
  }

  @Test
  void putIfAbsentLeavesAnExistingObjectAlone() {
    store.put("commits/t-1", bytes("first"));

    assertThat(store.putIfAbsent("commits/t-1", bytes("second"))).isFalse();
    assertThat(store.get("commits/t-1")).asString(UTF_8).isEqualTo("first");
  }

  @Test
  void putIfAbsentSucceedsAgainAfterDelete() {
    store.putIfAbsent("k", bytes("1"));
    store.delete("k");

    assertThat(store.putIfAbsent("k", bytes("2"))).isTrue();
    assertThat(store.get("k")).asString(UTF_8).isEqualTo("2");
  }

  @Test
  void exactlyOneOfManyConcurrentPutIfAbsentCallersWins() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        String key = "commits/race-" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] content = bytes("writer-" + t);
          results.add(pool.submit(() -> {
            start.await();
            return store.putIfAbsent(key, content);
          }));
        }
        start.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          if (results.get(t).get(30, TimeUnit.SECONDS)) {
            winners.add(t);
          }
        }

        assertThat(winners).as("winners of %s", key).hasSize(1);
        assertThat(store.get(key)).asString(UTF_8).isEqualTo("writer-" + winners.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- create

  @Test
  void createPublishesTheObjectOnlyOnClose() throws IOException {
    OutputStream out = store.create("outputs/part-0");
    out.write(bytes("hello "));
    out.flush();

    assertThat(store.exists("outputs/part-0")).isFalse();
    assertThat(keys(list("", null, 100))).isEmpty();

    out.write(bytes("world"));
    out.close();

    assertThat(store.get("outputs/part-0")).asString(UTF_8).isEqualTo("hello world");
  }

  @Test
  void createKeepsTheOldObjectVisibleUntilClose() throws IOException {
    store.put("k", bytes("old"));
    try (OutputStream out = store.create("k")) {
      out.write(bytes("new"));
      assertThat(store.get("k")).asString(UTF_8).isEqualTo("old");
    }

    assertThat(store.get("k")).asString(UTF_8).isEqualTo("new");
  }

  @Test
  void anAbandonedCreateStreamPublishesNothing() throws IOException {
    OutputStream out = store.create("abandoned");
    out.write(bytes("partial"));

    assertThat(store.exists("abandoned")).isFalse();
    assertThat(keys(list("", null, 100))).isEmpty();
  }

  @Test
  void closingACreateStreamTwiceIsHarmless() throws IOException {
    OutputStream out = store.create("k");
    out.write(1);
    out.close();
    out.close();

    assertThat(store.get("k")).containsExactly(1);
  }

  @Test
  void createStreamsLargeObjects() throws IOException {
    byte[] chunk = new byte[100_000];
    Arrays.fill(chunk, (byte) 7);
    try (OutputStream out = store.create("large")) {
      for (int i = 0; i < 30; i++) {
        out.write(chunk);
      }
    }

    assertThat(store.stat("large")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(3_000_000));
  }

  // ---------------------------------------------------------------- open, openRange

  @Test
  void openStreamsTheWholeObject() throws IOException {
    store.put("k", bytes("0123456789"));

    try (InputStream in = store.open("k")) {
      assertThat(in.readAllBytes()).asString(UTF_8).isEqualTo("0123456789");
    }
  }

  @Test
  void openRangeReadsLengthBytesFromOffset() throws IOException {
    store.put("k", bytes("0123456789"));

    assertThat(readRange("k", 2, 3)).isEqualTo("234");
    assertThat(readRange("k", 0, 10)).isEqualTo("0123456789");
    assertThat(readRange("k", 9, 1)).isEqualTo("9");
  }

  @Test
  void openRangeReturnsFewerBytesAtTheEnd() throws IOException {
    store.put("k", bytes("0123456789"));

    assertThat(readRange("k", 7, 100)).isEqualTo("789");
  }

  @Test
  void openRangeFromTheEndOrBeyondIsEmpty() throws IOException {
    store.put("k", bytes("0123456789"));

    assertThat(readRange("k", 10, 5)).isEmpty();
    assertThat(readRange("k", 1_000, 5)).isEmpty();
    assertThat(readRange("k", 3, 0)).isEmpty();
  }

  @Test
  void openRangeRejectsNegativeOffsetsAndLengths() {
    store.put("k", bytes("0123456789"));

    assertThatThrownBy(() -> store.openRange("k", -1, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openRange("k", 0, -3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void openRangeOfALargeObjectReadsTheRightBytes() throws IOException {
    byte[] content = new byte[1 << 20];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    store.put("large", content);

    try (InputStream in = store.openRange("large", 500_000, 100_000)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 500_000, 600_000));
    }
  }

  // ---------------------------------------------------------------- stat, exists

  @Test
  void statTellsSizeAndTime() {
    Instant before = Instant.now().minus(Duration.ofMinutes(5));
    store.put("k", bytes("12345"));

    assertThat(store.stat("k"))
        .hasValueSatisfying(info -> {
          assertThat(info.key()).isEqualTo("k");
          assertThat(info.size()).isEqualTo(5);
          assertThat(info.lastModified()).isAfter(before).isBefore(Instant.now().plus(Duration.ofMinutes(5)));
        });
    assertThat(store.exists("k")).isTrue();
  }

  @Test
  void statOfAMissingKeyIsEmpty() {
    assertThat(store.stat("missing")).isEmpty();
    assertThat(store.exists("missing")).isFalse();
  }

  @Test
  void aPrefixIsNotAnObject() {
    store.put("dir/file", bytes("x"));

    assertThat(store.stat("dir")).isEmpty();
    assertThatThrownBy(() -> store.get("dir")).isInstanceOf(ObjectNotFoundException.class);
  }

  // ---------------------------------------------------------------- missing keys

  @Test
  void readingAMissingKeyFailsWithObjectNotFound() {
    store.put("present", bytes("x"));

    for (Consumer<String> read :
        List.<Consumer<String>>of(store::get, store::open, key -> store.openRange(key, 0, 1))) {
      assertThatThrownBy(() -> read.accept("runs/r-1/missing"))
          .isInstanceOfSatisfying(
              ObjectNotFoundException.class, e -> assertThat(e.key()).isEqualTo("runs/r-1/missing"))
          .hasMessageContaining("runs/r-1/missing");
    }
  }

  // ---------------------------------------------------------------- delete

  @Test
  void deleteRemovesTheObject() {
    store.put("a/b/c", bytes("x"));
    store.delete("a/b/c");

    assertThat(store.exists("a/b/c")).isFalse();
    assertThat(keys(list("", null, 100))).isEmpty();
  }

  @Test
  void deletingAMissingKeyIsNotAnError() {
    assertThatCode(() -> store.delete("never/was")).doesNotThrowAnyException();
  }

  @Test
  void deleteLeavesSiblingsAndOtherPrefixesAlone() {
    store.put("a/b/1", bytes("1"));
    store.put("a/b/2", bytes("2"));
    store.put("a/c", bytes("3"));
    store.delete("a/b/1");

    assertThat(keys(list("", null, 100))).containsExactly("a/b/2", "a/c");
  }

  @Test
  void deletingAPrefixDeletesNothing() {
    store.put("dir/file", bytes("x"));
    store.delete("dir");

    assertThat(store.exists("dir/file")).isTrue();
  }

  @Test
  void aKeyCanBeWrittenAgainAfterItsPrefixWasEmptied() {
    store.put("a/b/c", bytes("1"));
    store.delete("a/b/c");
    store.put("a/b/d", bytes("2"));

    assertThat(keys(list("a/", null, 10))).containsExactly("a/b/d");
  }

  // ---------------------------------------------------------------- list

  @Test
  void listReturnsKeysInUtf8ByteOrder() {
    List<String> shuffled = new ArrayList<>(KEYS_IN_ORDER);
    Collections.shuffle(shuffled, new Random(42));
    shuffled.forEach(key -> store.put(key, bytes(key)));

    assertThat(keys(list("", null, 1000))).containsExactlyElementsOf(KEYS_IN_ORDER);
  }

  @Test
  void listOrdersAnObjectBeforeTheKeysItPrefixes() {
    // '-' < '/' < '0' in UTF-8: a key's "folder" sorts between its neighbours, as on S3. A store that
    // cannot hold 'a' beside 'a/b' (a file system) is checked on the same order without 'a'.
    boolean shared = objectsAndPrefixesMayShareAName();
    List<String> keys = shared ? List.of("a/b", "a", "a-b", "a0") : List.of("a/b", "a-b", "a0");
    for (String key : keys) {
      store.put(key, bytes(key));
    }

    assertThat(keys(list("a", null, 10)))
        .containsExactlyElementsOf(shared ? List.of("a", "a-b", "a/b", "a0") : List.of("a-b", "a/b", "a0"));
  }

  @Test
  void listTellsSizes() {
    store.put("x/one", bytes("1"));
    store.put("x/three", bytes("333"));

    assertThat(list("x/", null, 10).objects())
        .extracting(ObjectInfo::key, ObjectInfo::size)
        .containsExactly(tuple("x/one", 1L), tuple("x/three", 3L));
  }

  @Test
  void listMatchesAPrefixThatEndsMidSegment() {
    for (String key :
        List.of("runs/r1/task-1", "runs/r1/task-2/out", "runs/r1/other", "runs/r10/task-1", "runs/r2/task-1")) {
      store.put(key, bytes(key));
    }

    assertThat(keys(list("runs/r1/ta", null, 100))).containsExactly("runs/r1/task-1", "runs/r1/task-2/out");
    assertThat(keys(list("runs/r1", null, 100)))
        .containsExactly("runs/r1/other", "runs/r1/task-1", "runs/r1/task-2/out", "runs/r10/task-1");
    assertThat(keys(list("runs/r1/", null, 100)))
        .containsExactly("runs/r1/other", "runs/r1/task-1", "runs/r1/task-2/out");
  }

  @Test
  void listWithAPrefixThatMatchesNothingIsEmpty() {
    store.put("a/b", bytes("x"));

    for (String prefix : List.of("b", "a/c", "a/b/", "a/bc", "zzz/", "missing/dir/")) {
      ObjectListing listing = list(prefix, null, 10);
      assertThat(listing.objects()).as(prefix).isEmpty();
      assertThat(listing.commonPrefixes()).as(prefix).isEmpty();
      assertThat(listing.truncated()).isFalse();
      assertThat(listing.nextContinuationToken()).isNull();
    }
  }

  @Test
  void listOfAnEmptyStoreIsEmpty() {
    assertThat(list("", null, 1000).objects()).isEmpty();
    assertThat(list(null, null, 1000).objects()).isEmpty();
  }

  @Test
  void listPaginatesAcrossPagesWithContinuationTokens() {
    List<String> expected = IntStream.range(0, 23).mapToObj(i -> "p/" + (char) ('a' + i) + "/" + i).toList();
    expected.forEach(key -> store.put(key, bytes(key)));

    List<String> seen = new ArrayList<>();
    ListRequest request = ListRequest.builder().prefix("p/").maxKeys(5).build();
    int pages = 0;
    while (true) {
      ObjectListing page = store.list(request);
      pages++;
      seen.addAll(keys(page));
      if (!page.truncated()) {
        assertThat(page.nextContinuationToken()).isNull();
        break;
      }
      assertThat(page.objects()).hasSize(5);
      request = request.withContinuationToken(page.nextContinuationToken());
    }

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  @SuppressWarnings("deprecation")
  void theDeprecatedListPaginatesWithStartAfter() {
    List<String> expected = IntStream.range(0, 23).mapToObj(i -> "p/" + (char) ('a' + i) + "/" + i).toList();
    expected.forEach(key -> store.put(key, bytes(key)));

    List<String> seen = new ArrayList<>();
    String startAfter = null;
    int pages = 0;
    while (true) {
      ObjectListing page = store.list("p/", startAfter, 5);
      pages++;
      seen.addAll(keys(page));
      if (!page.truncated()) {
        assertThat(page.nextStartAfter()).isNull();
        break;
      }
      assertThat(page.objects()).hasSize(5);
      assertThat(page.nextStartAfter()).isEqualTo(page.objects().get(4).key());
      startAfter = page.nextStartAfter();
    }

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void aFullLastPageIsNotTruncated() {
    List.of("k1", "k2", "k3").forEach(key -> store.put(key, bytes(key)));

    ObjectListing page = list("k", null, 3);

    assertThat(keys(page)).containsExactly("k1", "k2", "k3");
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void listStartsStrictlyAfterStartAfterEvenWhenItIsNoKey() {
    KEYS_IN_ORDER.forEach(key -> store.put(key, bytes(key)));

    assertThat(keys(list("", "a/b", 3))).containsExactly("a/b-c", "a/b.d/x", "a/b0");
    assertThat(keys(list("", "a/b.d", 2))).containsExactly("a/b.d/x", "a/b0");
    assertThat(keys(list("", "a/b.d/", 2))).containsExactly("a/b.d/x", "a/b0");
    assertThat(keys(list("", "a/b.d/y", 1))).containsExactly("a/b0");
    assertThat(keys(list("", "a/a-zzz", 1))).containsExactly("a/b");
    assertThat(keys(list("", "a.c", 1))).containsExactly("a/b");
    assertThat(keys(list("a/", "a/c", 10))).isEmpty();
    assertThat(keys(list("", "\ud83d\ude00smile", 10))).isEmpty();
    assertThat(keys(list("", "\uff21wide", 10))).containsExactly("\ud83d\ude00smile");
  }

  @Test
  void listAllWalksEveryPage() {
    List<String> expected = IntStream.range(0, 12).mapToObj(i -> String.format("all/%03d", i)).toList();
    expected.forEach(key -> store.put(key, bytes(key)));

    List<String> all =
        StreamSupport.stream(store.listAll("all/").spliterator(), false).map(ObjectInfo::key).toList();

    assertThat(all).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 1001})
  @SuppressWarnings("deprecation")
  void listRejectsMaxKeysOutOfRange(int maxKeys) {
    assertThatThrownBy(() -> list("", null, maxKeys))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(maxKeys));
    assertThatThrownBy(() -> store.list("", null, maxKeys))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(maxKeys));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/abs", "../", "a/../b", "./x", "a//", "a\0b", "a\\b/"})
  @SuppressWarnings("deprecation")
  void listRejectsInvalidPrefixes(String prefix) {
    assertThatThrownBy(() -> list(prefix, null, 10)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.list(prefix, null, 10)).isInstanceOf(InvalidKeyException.class);
  }

  // ---------------------------------------------------------------- object vs prefix

  @Test
  void anObjectAndAPrefixOfTheSameNameCoexistOrConflictClearly() {
    store.put("a", bytes("object"));
    if (objectsAndPrefixesMayShareAName()) {
      store.put("a/b", bytes("below"));
      assertThat(keys(list("a", null, 10))).containsExactly("a", "a/b");
    } else {
      assertThatThrownBy(() -> store.put("a/b", bytes("below")))
          .isInstanceOfSatisfying(KeyConflictException.class, e -> assertThat(e.conflictingKey()).isEqualTo("a"))
          .hasMessageContaining("'a/b'")
          .hasMessageContaining("'a' is an object");
      assertThat(store.get("a")).asString(UTF_8).isEqualTo("object");
      assertThat(keys(list("", null, 10))).containsExactly("a");
    }
  }

  // ---------------------------------------------------------------- key validation

  static List<String> invalidKeys() {
    return List.of(
        "",
        "/absolute",
        "trailing/",
        "a//b",
        "..",
        ".",
        "../escape",
        "a/../../escape",
        "a/./b",
        "a/..",
        "nul\0byte",
        "tab\tkey",
        "new\nline",
        "del\u007fkey",
        "c1\u0085key",
        "back\\slash",
        "lone\ud800surrogate",
        "x".repeat(1025),
        "\u00e9".repeat(513));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void rejectsInvalidKeysInEveryOperation(String key) {
    List<Callable<?>> operations =
        List.of(
            () -> { store.put(key, bytes("x")); return null; },
            () -> store.putIfAbsent(key, bytes("x")),
            () -> store.create(key),
            () -> store.get(key),
            () -> store.open(key),
            () -> store.openRange(key, 0, 1),
            () -> store.stat(key),
            () -> { store.delete(key); return null; });
    for (Callable<?> operation : operations) {
      assertThatThrownBy(operation::call).isInstanceOf(InvalidKeyException.class).hasMessageContaining("Invalid object key");
    }
    assertThat(keys(list("", null, 100))).isEmpty();
  }

  @Test
  void rejectsANullKey() {
    assertThatThrownBy(() -> store.put(null, bytes("x"))).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.get(null)).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void invalidKeyMessagesSayWhatIsWrong() {
    assertThatThrownBy(() -> store.put("a/../b", bytes("x"))).hasMessageContaining("'..'");
    assertThatThrownBy(() -> store.put("a\0b", bytes("x"))).hasMessageContaining("a\\0b").hasMessageContaining("U+0000");
    assertThatThrownBy(() -> store.put("a//b", bytes("x"))).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> store.put("/a", bytes("x"))).hasMessageContaining("must not start with '/'");
    assertThatThrownBy(() -> store.put("x".repeat(1025), bytes("x"))).hasMessageContaining("1025").hasMessageContaining("1024");
  }

  // ---------------------------------------------------------------- atomic visibility

  @Test
  void readersNeverSeeAPartialObjectDuringConcurrentWrites() throws Exception {
    // Two versions of different sizes and fill bytes: any read must be exactly one of them.
    byte[] versionA = new byte[3 << 20];
    Arrays.fill(versionA, (byte) 'A');
    byte[] versionB = new byte[2 << 20];
    Arrays.fill(versionB, (byte) 'B');
    store.put("big", versionA);

    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        try {
          for (int i = 0; i < 20; i++) {
            store.put("big", i % 2 == 0 ? versionB : versionA);
            try (OutputStream out = store.create("big")) {
              out.write(i % 2 == 0 ? versionA : versionB);
            }
          }
        } finally {
          writing.set(false);
        }
        return null;
      });
      Callable<Integer> reader = () -> {
        int reads = 0;
        while (writing.get()) {
          assertWhole(store.get("big"));
          try (InputStream in = store.open("big")) {
            assertWhole(in.readAllBytes());
          }
          reads++;
        }
        return reads;
      };
      Future<Integer> reader1 = pool.submit(reader);
      Future<Integer> reader2 = pool.submit(reader);

      writer.get(60, TimeUnit.SECONDS);
      assertThat(reader1.get(60, TimeUnit.SECONDS) + reader2.get(60, TimeUnit.SECONDS)).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertWhole(byte[] read) {
    assertThat(read.length).isIn(3 << 20, 2 << 20);
    byte expected = read.length == 3 << 20 ? (byte) 'A' : (byte) 'B';
    for (int i = 0; i < read.length; i++) {
      if (read[i] != expected) {
        throw new AssertionError("partial object: byte " + i + " of " + read.length + " is " + read[i]);
      }
    }
  }

  // ---------------------------------------------------------------- writers: commit and abort

  @Test
  void commitPublishesTheObjectAndReturnsItsEtag() throws IOException {
    ObjectWriter out = store.create("outputs/part-0");
    out.write(bytes("hello"));

    String etag = out.commit();

    assertThat(store.get("outputs/part-0")).asString(UTF_8).isEqualTo("hello");
    assertThat(store.stat("outputs/part-0")).hasValueSatisfying(info -> assertThat(info.etag()).isEqualTo(etag));
    assertThat(out.isOpen()).isFalse();
  }

  @Test
  void abortPublishesNothingAndLeavesNothingBehind() throws IOException {
    ObjectWriter out = store.create("outputs/part-0");
    out.write(bytes("partial output of a failed attempt"));
    out.flush();

    out.abort();

    assertThat(store.exists("outputs/part-0")).isFalse();
    assertThat(keys(list("", null, 100))).isEmpty();
    assertNothingStaged();
  }

  @Test
  void abortKeepsTheOldObject() throws IOException {
    store.put("k", bytes("old"));
    ObjectWriter out = store.create("k");
    out.write(bytes("new"));

    out.abort();
    out.close();

    assertThat(store.get("k")).asString(UTF_8).isEqualTo("old");
    assertNothingStaged();
  }

  @Test
  void abortAfterCommitKeepsTheObject() throws IOException {
    ObjectWriter out = store.create("k");
    out.write(bytes("kept"));
    out.commit();

    out.abort();
    out.close();

    assertThat(store.get("k")).asString(UTF_8).isEqualTo("kept");
  }

  @Test
  void aFinishedWriterRefusesWritesAndASecondCommit() throws IOException {
    ObjectWriter committed = store.create("a");
    committed.commit();
    ObjectWriter aborted = store.create("b");
    aborted.abort();

    for (ObjectWriter w : List.of(committed, aborted)) {
      assertThatThrownBy(() -> w.write(1)).isInstanceOf(IOException.class).hasMessageContaining("'" + w.key() + "'");
      assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining(w.key());
    }
    assertThat(store.exists("a")).isTrue();
    assertThat(store.exists("b")).isFalse();
  }

  @Test
  void commitIfAbsentCreatesAMissingObjectAndLeavesAnExistingOneAlone() throws IOException {
    ObjectWriter first = store.create("commits/t-1");
    first.write(bytes("first"));
    assertThat(first.commitIfAbsent()).isTrue();

    ObjectWriter second = store.create("commits/t-1");
    second.write(bytes("second"));
    assertThat(second.commitIfAbsent()).isFalse();

    assertThat(store.get("commits/t-1")).asString(UTF_8).isEqualTo("first");
    assertNothingStaged();
  }

  @Test
  void exactlyOneOfManyConcurrentCommitIfAbsentWritersWins() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        String key = "commits/writer-race-" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] content = bytes("writer-" + t);
          results.add(pool.submit(() -> {
            ObjectWriter out = store.create(key);
            out.write(content);
            start.await();
            return out.commitIfAbsent();
          }));
        }
        start.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          if (results.get(t).get(30, TimeUnit.SECONDS)) {
            winners.add(t);
          }
        }

        assertThat(winners).as("winners of %s", key).hasSize(1);
        assertThat(store.get(key)).asString(UTF_8).isEqualTo("writer-" + winners.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
    assertNothingStaged();
  }

  // ---------------------------------------------------------------- versions: ETags and pinned reads

  @Test
  void statAndListingGiveTheSameEtag() {
    store.put("v/k", bytes("content"));

    String etag = store.stat("v/k").orElseThrow().etag();

    assertThat(etag).isNotBlank();
    assertThat(list("v/", null, 10).objects()).extracting(ObjectInfo::etag).containsExactly(etag);
  }

  @Test
  void theEtagChangesWhenAnObjectIsReplaced() throws IOException {
    // Same size each time: a store deriving ETags from file metadata must still tell them apart.
    List<String> etags = new ArrayList<>();
    for (String content : List.of("aaaa", "bbbb", "cccc", "dddd")) {
      store.put("k", bytes(content));
      etags.add(store.stat("k").orElseThrow().etag());
    }
    try (ObjectWriter out = store.create("k")) {
      out.write(bytes("eeee"));
    }
    etags.add(store.stat("k").orElseThrow().etag());

    assertThat(etags).doesNotHaveDuplicates();
  }

  @Test
  void aPinnedReadReturnsTheVersionItWasPinnedTo() throws IOException {
    store.put("k", bytes("0123456789"));
    String etag = store.stat("k").orElseThrow().etag();

    try (InputStream in = store.openRange("k", 2, 3, etag)) {
      assertThat(in.readAllBytes()).asString(UTF_8).isEqualTo("234");
    }
    try (InputStream in = store.openRange("k", 0, Long.MAX_VALUE, etag)) {
      assertThat(in.readAllBytes()).asString(UTF_8).isEqualTo("0123456789");
    }
  }

  @Test
  void aPinnedReadOfAReplacedObjectFailsNamingKeyAndEtags() {
    store.put("data/table.parquet", bytes("version one"));
    String old = store.stat("data/table.parquet").orElseThrow().etag();
    store.put("data/table.parquet", bytes("version two"));
    String current = store.stat("data/table.parquet").orElseThrow().etag();

    assertThatThrownBy(() -> store.openRange("data/table.parquet", 0, 4, old))
        .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
          assertThat(e.key()).isEqualTo("data/table.parquet");
          assertThat(e.expectedEtag()).isEqualTo(old);
          e.currentEtag().ifPresent(tag -> assertThat(tag).isEqualTo(current));
          assertThat(e.retryable()).isFalse();
        })
        .hasMessageContaining("'data/table.parquet'")
        .hasMessageContaining(old);
  }

  @Test
  void aReaderOfSeveralRangesNeverMixesTwoVersions() throws IOException {
    // A Parquet reader: stat, read the footer, then the column chunks, all pinned to the stat's ETag.
    store.put("t.parquet", bytes("chunk-A1|chunk-A2|footer-A"));
    ObjectInfo info = store.stat("t.parquet").orElseThrow();
    String footer;
    try (InputStream in = store.openRange("t.parquet", info.size() - 8, 8, info.etag())) {
      footer = new String(in.readAllBytes(), UTF_8);
    }
    store.put("t.parquet", bytes("chunk-B1|chunk-B2|footer-B"));

    assertThat(footer).isEqualTo("footer-A");
    assertThatThrownBy(() -> store.openRange("t.parquet", 0, 8, info.etag()))
        .isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void aPinnedStreamKeepsItsVersionWhenTheObjectIsReplacedMidRead() throws IOException {
    byte[] first = new byte[1 << 20];
    Arrays.fill(first, (byte) 'A');
    store.put("big", first);
    String etag = store.stat("big").orElseThrow().etag();

    try (InputStream in = store.openRange("big", 0, first.length, etag)) {
      byte[] head = in.readNBytes(1000);
      byte[] second = new byte[1 << 20];
      Arrays.fill(second, (byte) 'B');
      store.put("big", second);
      byte[] rest = in.readAllBytes();

      assertThat(head.length + rest.length).isEqualTo(first.length);
      assertThat(new String(rest, UTF_8)).matches("A*");
    }
  }

  @Test
  void aPinnedReadOfADeletedObjectFailsWithObjectNotFound() {
    store.put("k", bytes("x"));
    String etag = store.stat("k").orElseThrow().etag();
    store.delete("k");

    assertThatThrownBy(() -> store.openRange("k", 0, 1, etag)).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void aPinnedReadWithAnEtagTheObjectNeverHadFails() {
    store.put("k", bytes("x"));

    assertThatThrownBy(() -> store.openRange("k", 0, 1, "\"not-an-etag-of-this-object\""))
        .isInstanceOf(PreconditionFailedException.class);
  }

  // ---------------------------------------------------------------- listing with a delimiter

  private static final List<String> PARTITIONED =
      List.of(
          "sales/_SUCCESS",
          "sales/readme.txt",
          "sales/year=2025/month=12/part-0.csv",
          "sales/year=2026/month=01/part-0.csv",
          "sales/year=2026/month=11/part-0.csv",
          "sales/year=2026/month=11/part-1.csv",
          "sales/year=2026/month=11/nested/deeper/part-2.csv",
          "salesman/x");

  @Test
  void aDelimiterListsOneLevelAsObjectsAndCommonPrefixes() {
    PARTITIONED.forEach(key -> store.put(key, bytes(key)));

    ObjectListing top = store.list(ListRequest.builder().prefix("sales/").delimiter("/").build());

    assertThat(keys(top)).containsExactly("sales/_SUCCESS", "sales/readme.txt");
    assertThat(top.commonPrefixes()).containsExactly("sales/year=2025/", "sales/year=2026/");
    assertThat(top.truncated()).isFalse();
  }

  @Test
  void aDelimiterDiscoversNestedPartitions() {
    PARTITIONED.forEach(key -> store.put(key, bytes(key)));

    ObjectListing months = store.list(ListRequest.builder().prefix("sales/year=2026/").delimiter("/").build());
    ObjectListing parts = store.list(ListRequest.builder().prefix("sales/year=2026/month=11/").delimiter("/").build());

    assertThat(keys(months)).isEmpty();
    assertThat(months.commonPrefixes()).containsExactly("sales/year=2026/month=01/", "sales/year=2026/month=11/");
    assertThat(keys(parts)).containsExactly("sales/year=2026/month=11/part-0.csv", "sales/year=2026/month=11/part-1.csv");
    assertThat(parts.commonPrefixes()).containsExactly("sales/year=2026/month=11/nested/");
  }

  @Test
  void aDelimiterRollsUpFromAPrefixThatEndsMidSegment() {
    PARTITIONED.forEach(key -> store.put(key, bytes(key)));

    ObjectListing years = store.list(ListRequest.builder().prefix("sales/year=202").delimiter("/").build());
    ObjectListing root = store.list(ListRequest.builder().delimiter("/").build());

    assertThat(keys(years)).isEmpty();
    assertThat(years.commonPrefixes()).containsExactly("sales/year=2025/", "sales/year=2026/");
    assertThat(keys(root)).isEmpty();
    assertThat(root.commonPrefixes()).containsExactly("sales/", "salesman/");
  }

  @Test
  void aDelimiterOtherThanSlashRollsUpAtItsFirstOccurrence() {
    PARTITIONED.forEach(key -> store.put(key, bytes(key)));

    ObjectListing listing = store.list(ListRequest.builder().prefix("sales/").delimiter("=").build());

    assertThat(keys(listing)).containsExactly("sales/_SUCCESS", "sales/readme.txt");
    assertThat(listing.commonPrefixes()).containsExactly("sales/year=");
  }

  @Test
  void commonPrefixesAndObjectsShareMaxKeysAndEachAppearsOnOnePage() {
    for (int i = 0; i < 7; i++) {
      store.put(String.format("d/p%02d/a", i), bytes("x"));
      store.put(String.format("d/p%02d/b", i), bytes("x"));
      store.put(String.format("d/p%02d.txt", i), bytes("x"));
    }
    List<String> entries = new ArrayList<>();
    ListRequest request = ListRequest.builder().prefix("d/").delimiter("/").maxKeys(3).build();
    int pages = 0;
    ObjectListing page;
    do {
      page = store.list(request);
      pages++;
      assertThat(page.objects().size() + page.commonPrefixes().size()).isLessThanOrEqualTo(3);
      entries.addAll(keys(page));
      entries.addAll(page.commonPrefixes());
      request = request.withContinuationToken(page.nextContinuationToken());
    } while (page.truncated());

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      expected.add(String.format("d/p%02d.txt", i));
      expected.add(String.format("d/p%02d/", i));
    }
    assertThat(entries).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void startAfterWorksWithADelimiter() {
    PARTITIONED.forEach(key -> store.put(key, bytes(key)));

    ObjectListing listing = store.list(
        ListRequest.builder().prefix("sales/").delimiter("/").startAfter("sales/year=2025/zzz").build());
    ObjectListing inside = store.list(
        ListRequest.builder().prefix("sales/").delimiter("/").startAfter("sales/year=2026/month=01/part-0.csv").build());

    assertThat(keys(listing)).isEmpty();
    assertThat(listing.commonPrefixes()).containsExactly("sales/year=2026/");
    assertThat(inside.commonPrefixes()).containsExactly("sales/year=2026/");
  }

  @Test
  void aContinuationTokenTakesPrecedenceOverStartAfter() {
    List.of("k1", "k2", "k3", "k4").forEach(key -> store.put(key, bytes(key)));
    ObjectListing first = store.list(ListRequest.builder().prefix("k").maxKeys(2).build());

    ObjectListing next = store.list(ListRequest.builder().prefix("k").maxKeys(2).startAfter("k3")
        .continuationToken(first.nextContinuationToken()).build());

    assertThat(keys(next)).containsExactly("k3", "k4");
  }

  @Test
  void aTokenOfAnotherPrefixIsRefused() {
    List.of("a/1", "a/2", "b/1").forEach(key -> store.put(key, bytes(key)));
    String token = store.list(ListRequest.builder().prefix("a/").maxKeys(1).build()).nextContinuationToken();

    assertThatThrownBy(() -> store.list(ListRequest.builder().prefix("b/").continuationToken(token).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listRequestsAreCheckedWhenBuilt() {
    assertThatThrownBy(() -> ListRequest.builder().delimiter("").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRequest.builder().continuationToken("").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRequest.builder().maxKeys(1001).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
    assertThatThrownBy(() -> ListRequest.builder().prefix("a/../b").build()).isInstanceOf(InvalidKeyException.class);
  }

  /**
   * Paging with every combination of prefix, delimiter, startAfter and page size yields exactly what a
   * sorted model says: the keys after startAfter under the prefix, those containing the delimiter
   * after the prefix rolled up into distinct common prefixes, in UTF-8 order, each on one page.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void pagingWithTokensMatchesASortedModel(long seed) {
    Random random = new Random(seed);
    List<String> segments = List.of("a", "b", "a-b", "a.c", "a0", "\u00e9", "\ud83d\ude00", "x=1", "x=2");
    java.util.TreeSet<String> model = new java.util.TreeSet<>(ObjectKeys.UTF8_ORDER);
    int count = 5 + random.nextInt(40);
    while (model.size() < count) {
      int depth = 1 + random.nextInt(3);
      StringBuilder key = new StringBuilder("m/");
      for (int d = 0; d < depth; d++) {
        key.append(d == 0 ? "" : "/").append(segments.get(random.nextInt(segments.size())));
      }
      String candidate = key.toString();
      if (objectsAndPrefixesMayShareAName()
          || model.stream().noneMatch(k -> k.startsWith(candidate + "/") || candidate.startsWith(k + "/"))) {
        model.add(candidate);
      }
    }
    model.forEach(key -> store.put(key, bytes(key)));
    List<String> keysInModel = new ArrayList<>(model);

    for (int trial = 0; trial < 12; trial++) {
      String someKey = keysInModel.get(random.nextInt(keysInModel.size()));
      String prefix = someKey.substring(0, someKey.offsetByCodePoints(0, random.nextInt(someKey.codePointCount(0, someKey.length()) + 1)));
      String delimiter = List.of("/", "=", "").get(random.nextInt(3));
      String startAfter = random.nextBoolean() ? null : keysInModel.get(random.nextInt(keysInModel.size())) + (random.nextBoolean() ? "" : "/");
      int maxKeys = 1 + random.nextInt(6);
      ListRequest request = ListRequest.builder().prefix(prefix).delimiter(delimiter.isEmpty() ? null : delimiter)
          .startAfter(startAfter).maxKeys(maxKeys).build();

      List<String> expected = expectedEntries(model, request);
      List<String> actual = new ArrayList<>();
      List<String> actualObjects = new ArrayList<>();
      int pages = 0;
      ObjectListing page;
      do {
        page = store.list(request);
        assertThat(page.objects().size() + page.commonPrefixes().size()).isBetween(page.truncated() ? 1 : 0, maxKeys);
        actualObjects.addAll(keys(page));
        actual.addAll(keys(page));
        actual.addAll(page.commonPrefixes());
        request = request.withContinuationToken(page.nextContinuationToken());
        assertThat(++pages).isLessThanOrEqualTo(model.size() + 1);
      } while (page.truncated());
      actual.sort(ObjectKeys.UTF8_ORDER);

      assertThat(actual).as("seed %d: %s", seed, request).containsExactlyElementsOf(expected);
      assertThat(actualObjects).as("objects in order").isSortedAccordingTo(ObjectKeys.UTF8_ORDER);
    }
  }

  private static List<String> expectedEntries(java.util.SortedSet<String> model, ListRequest request) {
    java.util.TreeSet<String> entries = new java.util.TreeSet<>(ObjectKeys.UTF8_ORDER);
    for (String key : model) {
      if (!key.startsWith(request.prefix())
          || (request.startAfter() != null && ObjectKeys.compareUtf8(key, request.startAfter()) <= 0)) {
        continue;
      }
      int at = request.delimiter() == null ? -1 : key.indexOf(request.delimiter(), request.prefix().length());
      entries.add(at < 0 ? key : key.substring(0, at + request.delimiter().length()));
    }
    return new ArrayList<>(entries);
  }

  // ---------------------------------------------------------------- bulk delete

  @Test
  void deleteAllDeletesEveryKeyAndIgnoresMissingOnes() {
    List.of("a/1", "a/2", "b/3", "keep").forEach(key -> store.put(key, bytes(key)));

    store.deleteAll(List.of("a/1", "never/was", "a/2", "b/3", "a/1"));

    assertThat(keys(list("", null, 100))).containsExactly("keep");
  }

  @Test
  void deleteAllTakesAThousandKeysAndRefusesMore() {
    List<String> keys = IntStream.range(0, ObjectStore.MAX_DELETE_KEYS).mapToObj(i -> String.format("bulk/%04d", i)).toList();
    keys.stream().limit(1001).filter(k -> k.endsWith("7")).forEach(key -> store.put(key, bytes(key)));
    List<String> tooMany = new ArrayList<>(keys);
    tooMany.add("bulk/extra");

    assertThatThrownBy(() -> store.deleteAll(tooMany))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
    assertThat(store.exists("bulk/0007")).isTrue();

    store.deleteAll(keys);

    assertThat(keys(list("bulk/", null, 1000))).isEmpty();
  }

  @Test
  void deleteAllWithAnInvalidKeyDeletesNothing() {
    store.put("a", bytes("a"));

    assertThatThrownBy(() -> store.deleteAll(List.of("a", "bad/../key"))).isInstanceOf(InvalidKeyException.class);
    assertThat(store.exists("a")).isTrue();
    assertThatCode(() -> store.deleteAll(List.of())).doesNotThrowAnyException();
  }

  // ---------------------------------------------------------------- retryable or final

  @Test
  void theStoresFinalFailuresSayTheyAreNotRetryable() {
    store.put("k", bytes("x"));
    String stale = store.stat("k").orElseThrow().etag();
    store.put("k", bytes("y"));
    List<StoreException> failures = new ArrayList<>();
    for (Runnable failing : List.<Runnable>of(
        () -> store.get("missing"),
        () -> store.open("missing"),
        () -> store.put("a/../b", bytes("x")),
        () -> store.openRange("k", 0, 1, stale))) {
      try {
        failing.run();
      } catch (StoreException e) {
        failures.add(e);
      }
    }

    assertThat(failures).hasSize(4).allSatisfy(e -> assertThat(e.retryable()).as(e.toString()).isFalse());
  }

  @Test
  void aKeyConflictIsFinal() {
    store.put("a", bytes("object"));
    if (!objectsAndPrefixesMayShareAName()) {
      assertThatThrownBy(() -> store.put("a/b", bytes("below")))
          .isInstanceOfSatisfying(KeyConflictException.class, e -> assertThat(e.retryable()).isFalse());
    } else {
      store.put("a/b", bytes("below"));
      assertThat(store.exists("a/b")).isTrue();
    }
  }

  // ---------------------------------------------------------------- helpers

  protected static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  protected static List<String> keys(ObjectListing listing) {
    return listing.objects().stream().map(ObjectInfo::key).collect(Collectors.toList());
  }

  /** One page of a flat listing of {@code prefix}, after {@code startAfter}. */
  protected ObjectListing list(String prefix, String startAfter, int maxKeys) {
    return store.list(ListRequest.builder().prefix(prefix).startAfter(startAfter).maxKeys(maxKeys).build());
  }

  private String readRange(String key, long offset, long length) throws IOException {
    try (InputStream in = store.openRange(key, offset, length)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}
