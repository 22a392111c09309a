package io.sluice.store;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param objects in key order
 * @param truncated whether more keys follow
 * @param nextStartAfter the key to pass as {@code startAfter} for the next page (null when not truncated)
 */
public record ObjectListing(List<ObjectInfo> objects, boolean truncated, String nextStartAfter) {
  public ObjectListing {
    objects = List.copyOf(objects);
  }
}
