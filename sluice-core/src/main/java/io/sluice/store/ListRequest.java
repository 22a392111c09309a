package io.sluice.store;

/**
 * One request for a page of a listing, shaped as S3's {@code ListObjectsV2}: the keys that start with
 * {@link #prefix}, after {@link #startAfter} or from where a {@link #continuationToken} left off, at
 * most {@link #maxKeys} of them, with keys that contain {@link #delimiter} after the prefix rolled up
 * into common prefixes.
 *
 * <pre>{@code
 * ListRequest partitions = ListRequest.builder().prefix("sales/year=2026/").delimiter("/").build();
 * ObjectListing page = store.list(partitions);          // commonPrefixes: sales/year=2026/month=11/, ...
 * while (page.truncated()) {
 *   page = store.list(partitions.withContinuationToken(page.nextContinuationToken()));
 * }
 * }</pre>
 *
 * @param prefix only keys that start with it ({@code ""} for all); follows {@link
 *     ObjectKeys#validatePrefix}
 * @param delimiter null for a flat listing; otherwise a key that contains it after the prefix is not
 *     listed itself but counts towards the common prefix that ends with the delimiter's first
 *     occurrence ({@code "/"} lists one level of a folder tree)
 * @param startAfter null, or list only keys strictly after this one in {@link ObjectKeys#UTF8_ORDER}
 *     (any string, not necessarily a key); ignored when a continuation token is given, as on S3
 * @param continuationToken null, or a previous page's {@link ObjectListing#nextContinuationToken()}
 *     for the same prefix and delimiter: the listing goes on after that page
 * @param maxKeys at most this many objects and common prefixes together, 1 to {@value #MAX_KEYS}
 */
public record ListRequest(String prefix, String delimiter, String startAfter, String continuationToken, int maxKeys) {
  /** The most entries one page may hold (S3's limit). */
  public static final int MAX_KEYS = 1000;

  /**
   * Checks the request.
   *
   * @throws InvalidKeyException if the prefix breaks the key rules
   * @throws IllegalArgumentException if {@code maxKeys} is outside 1..1000, or the delimiter or token
   *     is empty
   */
  public ListRequest {
    prefix = prefix == null ? "" : prefix;
    ObjectKeys.validatePrefix(prefix);
    if (maxKeys < 1 || maxKeys > MAX_KEYS) {
      throw new IllegalArgumentException(
          "maxKeys of a listing of '" + prefix + "' must be between 1 and " + MAX_KEYS + ", was " + maxKeys);
    }
    if (delimiter != null && delimiter.isEmpty()) {
      throw new IllegalArgumentException(
          "The delimiter of a listing of '" + prefix + "' must not be empty; use null for a flat listing");
    }
    if (continuationToken != null && continuationToken.isEmpty()) {
      throw new IllegalArgumentException(
          "The continuation token of a listing of '" + prefix + "' must not be empty; use null for the first page");
    }
  }

  /** A flat listing of every key under {@code prefix}, 1,000 a page. */
  public static ListRequest of(String prefix) {
    return builder().prefix(prefix).build();
  }

  /** A builder for a flat listing of everything, 1,000 a page. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same request, continuing after the page that gave {@code token} (null for the first page). */
  public ListRequest withContinuationToken(String token) {
    return new ListRequest(prefix, delimiter, startAfter, token, maxKeys);
  }

  /** Builds a {@link ListRequest}; checked at {@link #build()}. */
  public static final class Builder {
    private String prefix = "";
    private String delimiter;
    private String startAfter;
    private String continuationToken;
    private int maxKeys = MAX_KEYS;

    private Builder() {}

    /** Only keys that start with {@code prefix} (default {@code ""}: all). */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** Roll up keys that contain {@code delimiter} after the prefix (default null: a flat listing). */
    public Builder delimiter(String delimiter) {
      this.delimiter = delimiter;
      return this;
    }

    /** Only keys strictly after {@code startAfter} (default null: from the start). */
    public Builder startAfter(String startAfter) {
      this.startAfter = startAfter;
      return this;
    }

    /** Go on after the page that gave {@code token} (default null: the first page). */
    public Builder continuationToken(String token) {
      this.continuationToken = token;
      return this;
    }

    /** At most this many entries, 1 to 1,000 (default 1,000). */
    public Builder maxKeys(int maxKeys) {
      this.maxKeys = maxKeys;
      return this;
    }

    /**
     * The request.
     *
     * @throws InvalidKeyException if the prefix breaks the key rules
     * @throws IllegalArgumentException if {@code maxKeys} is outside 1..1000, or the delimiter or
     *     token is empty
     */
    public ListRequest build() {
      return new ListRequest(prefix, delimiter, startAfter, continuationToken, maxKeys);
    }
  }
}
