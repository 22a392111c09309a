package io.sluice.pipeline;

import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import io.sluice.store.StoreLocation;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link Source} reads or a {@link Sink} writes: a key prefix in the run's own store
 * ({@code input/orders/}, {@code tables/orders/}), or a place in another store named by a URI
 * ({@code s3://data-lake/raw/orders/}, {@code file:/data/orders/}, or an absolute path, which is a
 * {@code file:} URI). Reads and writes in the run's store go through the task's context (counted,
 * published with the attempt); another store is opened by {@link ObjectStores#open} on the driver and
 * on every executor, with the same options.
 *
 * @param text the location as given
 * @param external whether it names another store rather than a prefix of the run's
 * @param options options for {@link ObjectStores#open} (an S3 endpoint, a region), for an external location
 */
public record Location(String text, boolean external, Map<String, String> options) {
  public Location {
    Objects.requireNonNull(text, "text");
    options = Map.copyOf(options == null ? Map.of() : options);
    if (text.isBlank()) {
      throw new IllegalArgumentException("A location must not be empty: give a key prefix of the run's store or a URI");
    }
  }

  /**
   * A location from text: a URI ({@code scheme:...}) or an absolute path names another store; anything
   * else is a key prefix in the run's store. Either gets a trailing {@code /} if it has none: a
   * location holds objects, it is never one.
   */
  public static Location of(String text) {
    Objects.requireNonNull(text, "location");
    if (text.contains("${")) {
      parameterNames(text); // malformed placeholders fail here, when the job is built
      return new Location(text, false, Map.of());
    }
    boolean external = text.startsWith("/") || text.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    if (external) {
      text = text.endsWith("/") ? text : text + "/"; // a location is a directory or a prefix, never one object
    } else {
      if (text.startsWith("./") || text.startsWith("../")) {
        throw new IllegalArgumentException("Location '" + text + "' is a relative path: give an absolute path or a"
            + " file: URI for a directory, or a key prefix (no leading ./) in the run's store");
      }
      text = text.isEmpty() || text.endsWith("/") ? text : text + "/";
    }
    return new Location(text, external, Map.of());
  }

  private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([a-z][a-z0-9_.-]*)(?::([^}]*))?}");

  /**
   * Whether the location names run parameters ({@code ${input}/lineitem/}, or with a default, {@code
   * ${output:results/q1/}}): a job whose places are given when it runs ({@code sluice run JOB --input
   * /data/tpch}). The stages that use it declare the parameters and {@link #resolve} it first.
   */
  public boolean parameterized() {
    return text.contains("${");
  }

  /** The run parameters this location names, each with its default if it has one. */
  public java.util.List<io.sluice.Parameter<String>> parameters() {
    java.util.List<io.sluice.Parameter<String>> out = new java.util.ArrayList<>();
    for (String[] p : parameterNames(text)) {
      io.sluice.Parameter<String> param = io.sluice.Parameter.ofString(p[0], "a location of the job (" + text + ")");
      out.add(p[1] == null ? param : param.withDefault(p[1]));
    }
    return out;
  }

  private static java.util.List<String[]> parameterNames(String text) {
    java.util.List<String[]> names = new java.util.ArrayList<>();
    java.util.regex.Matcher m = PLACEHOLDER.matcher(text);
    int at = 0;
    while (m.find()) {
      if (text.substring(at, m.start()).contains("${")) {
        break;
      }
      names.add(new String[] {m.group(1), m.group(2)});
      at = m.end();
    }
    if (text.substring(at).contains("${")) {
      throw new IllegalArgumentException("Location '" + text + "' has a malformed parameter: write ${name} or"
          + " ${name:default}, the name in lower case");
    }
    return names;
  }

  /** This location with its parameters replaced by their values in {@code parameters}; itself if it names none. */
  public Location resolve(io.sluice.Parameters parameters) {
    if (!parameterized()) {
      return this;
    }
    java.util.regex.Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = parameters.has(m.group(1)) ? parameters.getString(m.group(1)) : m.group(2);
      if (value == null) {
        throw new IllegalArgumentException("Location '" + text + "' needs run parameter '" + m.group(1) + "'");
      }
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    String resolved = sb.toString().replaceAll("(?<!:)//+", "/");
    return Location.of(resolved).withOptions(options);
  }

  /** This location, opened with {@code options} when it is another store. */
  public Location withOptions(Map<String, String> options) {
    return new Location(text, external, options);
  }

  /** The key prefix in the run's store ({@code ""} or ending in {@code /}); only for a location that is not external. */
  public String prefix() {
    unresolved();
    if (external) {
      throw new IllegalStateException("Location '" + text + "' is another store, not a prefix of the run's");
    }
    return text;
  }

  /** Opens the store of an external location; for the run's own, the given run store at {@link #prefix()}. */
  public StoreLocation open(ObjectStore runStore) {
    unresolved();
    if (external) {
      return ObjectStores.open(text, options);
    }
    return new StoreLocation(java.net.URI.create("store:/" + text), runStore, text);
  }

  private void unresolved() {
    if (parameterized()) {
      throw new IllegalStateException("Location '" + text + "' names run parameters: resolve(parameters) it first");
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
