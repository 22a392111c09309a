package io.sluice.store;

import java.util.List;

/**
 * One page of a listing, as S3's {@code ListObjectsV2} answers it.
 *
 * @param objects the objects of the page, in {@link ObjectKeys#UTF8_ORDER}
 * @param commonPrefixes with a delimiter, the distinct prefixes (each ending with the delimiter) of the
 *     keys rolled up on this page, in the same order; empty without one. Each stands for at least one
 *     object, and appears on one page only.
 * @param nextContinuationToken null on the last page; otherwise an opaque token to pass as {@link
 *     ListRequest#continuationToken()} for the next page. Only meaningful to the store that gave it.
 */
public record ObjectListing(List<ObjectInfo> objects, List<String> commonPrefixes, String nextContinuationToken) {
  /** Copies the lists. */
  public ObjectListing {
    objects = List.copyOf(objects);
    commonPrefixes = List.copyOf(commonPrefixes);
  }

  /** Whether more entries follow this page. */
  public boolean truncated() {
    return nextContinuationToken != null;
  }

  /**
   * The last object's key on a truncated page, for callers of {@link ObjectStore#list(String, String,
   * int)} that continue with {@code startAfter}; null on the last page. Right for flat listings only:
   * with a delimiter, continue with {@link #nextContinuationToken()}.
   *
   * @deprecated continue with {@link #nextContinuationToken()}, which also works with a delimiter
   */
  @Deprecated
  public String nextStartAfter() {
    return truncated() && !objects.isEmpty() ? objects.get(objects.size() - 1).key() : null;
  }
}
