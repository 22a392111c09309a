package io.sluice.local.store;

import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectListing;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Listing, checked against an independent model: for any set of valid keys, any prefix, delimiter,
 * startAfter and page size, paging through {@code list} with continuation tokens yields exactly the
 * keys with that prefix after startAfter, those with the delimiter after the prefix rolled up into
 * distinct common prefixes, all in UTF-8 byte order.
 */
class FileSystemListingPropertyTest {
  /** Characters chosen to stress the order: '-' '.' '/' '0' straddle '/', and é and 😀 are multi-byte. */
  private static final List<String> ALPHABET = List.of("a", "b", "Z", "0", "-", ".", "~", "\u00e9", "\ud83d\ude00", "\uff21");

  /** The model's order: compare the UTF-8 encodings byte by byte, unsigned. */
  private static final Comparator<String> BY_UTF8_BYTES =
      (x, y) -> Arrays.compareUnsigned(x.getBytes(UTF_8), y.getBytes(UTF_8));

  record Scenario(List<String> keys, String prefix, String delimiter, String startAfter, int pageSize) {}

  @Property(tries = 200)
  void pagingWithTokensYieldsExactlyTheModelsEntriesInUtf8Order(@ForAll("scenarios") Scenario scenario) throws IOException {
    withStore(store -> {
      scenario.keys().forEach(key -> store.put(key, key.getBytes(UTF_8)));

      List<String> listed = new ArrayList<>();
      ListRequest request = ListRequest.builder().prefix(scenario.prefix()).delimiter(scenario.delimiter())
          .startAfter(scenario.startAfter()).maxKeys(scenario.pageSize()).build();
      int pages = 0;
      ObjectListing page;
      do {
        page = store.list(request);
        assertThat(page.objects().size() + page.commonPrefixes().size()).isLessThanOrEqualTo(scenario.pageSize());
        List<String> entries = new ArrayList<>();
        page.objects().forEach(info -> entries.add(info.key()));
        entries.addAll(page.commonPrefixes());
        entries.sort(BY_UTF8_BYTES);
        listed.addAll(entries);
        request = request.withContinuationToken(page.nextContinuationToken());
        assertThat(++pages).as("pages").isLessThanOrEqualTo(scenario.keys().size() + 1);
      } while (page.truncated());

      assertThat(listed).containsExactlyElementsOf(model(scenario));
    });
  }

  /** The entries a listing must give, computed from the keys alone. */
  private static List<String> model(Scenario s) {
    return s.keys().stream()
        .filter(k -> k.startsWith(s.prefix()))
        .filter(k -> s.startAfter() == null || BY_UTF8_BYTES.compare(k, s.startAfter()) > 0)
        .map(k -> {
          int at = s.delimiter() == null ? -1 : k.indexOf(s.delimiter(), s.prefix().length());
          return at < 0 ? k : k.substring(0, at + s.delimiter().length());
        })
        .distinct()
        .sorted(BY_UTF8_BYTES)
        .toList();
  }

  @Property(tries = 100)
  void aPageStartsStrictlyAfterAnyStartAfter(@ForAll("scenarios") Scenario scenario) throws IOException {
    withStore(store -> {
      scenario.keys().forEach(key -> store.put(key, key.getBytes(UTF_8)));

      ObjectListing page = store.list(ListRequest.builder().prefix(scenario.prefix())
          .startAfter(scenario.startAfter()).maxKeys(scenario.pageSize()).build());

      List<String> after =
          scenario.keys().stream()
              .filter(k -> k.startsWith(scenario.prefix()))
              .filter(k -> BY_UTF8_BYTES.compare(k, scenario.startAfter()) > 0)
              .sorted(BY_UTF8_BYTES)
              .toList();
      assertThat(page.objects()).extracting(ObjectInfo::key)
          .containsExactlyElementsOf(after.subList(0, Math.min(after.size(), scenario.pageSize())));
      assertThat(page.truncated()).isEqualTo(after.size() > scenario.pageSize());
    });
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<String>> keySets =
        keys().set().ofMaxSize(25).map(FileSystemListingPropertyTest::withoutObjectPrefixConflicts);
    Arbitrary<String> delimiters = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just("/")), Tuple.of(2, Arbitraries.<String>just(null)),
        Tuple.of(1, Arbitraries.of("-", "\u00e9", "a/", "\ud83d\ude00")));
    return keySets.flatMap(keys -> Combinators.combine(
            prefixFor(keys), delimiters, anyString(), Arbitraries.integers().between(1, 7))
        .as((prefix, delimiter, startAfter, pageSize) -> new Scenario(keys, prefix, delimiter, startAfter, pageSize)));
  }

  private static Arbitrary<String> keys() {
    Arbitrary<String> segment =
        Arbitraries.of(ALPHABET).list().ofMinSize(1).ofMaxSize(3).map(chars -> String.join("", chars))
            .filter(s -> !s.equals(".") && !s.equals(".."));
    return segment.list().ofMinSize(1).ofMaxSize(3).map(segments -> String.join("/", segments));
  }

  private static Arbitrary<String> anyString() {
    return Arbitraries.of(ALPHABET).list().ofMaxSize(8).map(chars -> String.join("", chars))
        .map(s -> s.replace("..", ".-")); // any string works as startAfter; keep it readable
  }

  /** A prefix that often matches: a key cut at a code point boundary; sometimes empty or unrelated. */
  private static Arbitrary<String> prefixFor(List<String> keys) {
    Arbitrary<String> cutKey = keys.isEmpty()
        ? Arbitraries.just("")
        : Arbitraries.of(keys).flatMap(key -> {
            int codePoints = key.codePointCount(0, key.length());
            return Arbitraries.integers().between(0, codePoints)
                .map(n -> key.substring(0, key.offsetByCodePoints(0, n)));
          });
    return Arbitraries.frequencyOf(
        Tuple.of(6, cutKey),
        Tuple.of(1, Arbitraries.just("")),
        Tuple.of(1, Arbitraries.of("a", "a/", "b/Z", "\u00e9", "zzz")));
  }

  /** A file system store cannot hold "a" and "a/b" at once (see FileSystemObjectStore): drop "a". */
  private static List<String> withoutObjectPrefixConflicts(Set<String> keys) {
    return keys.stream().filter(k -> keys.stream().noneMatch(other -> other.startsWith(k + "/"))).toList();
  }

  @FunctionalInterface
  private interface StoreTest {
    void run(ObjectStore store) throws IOException;
  }

  private static void withStore(StoreTest test) throws IOException {
    Path root = Files.createTempDirectory("sluice-listing-");
    try {
      test.run(new FileSystemObjectStore(root));
    } finally {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
