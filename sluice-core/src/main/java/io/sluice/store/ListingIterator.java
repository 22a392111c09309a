package io.sluice.store;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Walks a prefix page by page through {@link ObjectStore#list}. */
final class ListingIterator implements Iterator<ObjectInfo> {
  private static final int PAGE = 1000;
  private final ObjectStore store;
  private final String prefix;
  private Iterator<ObjectInfo> page;
  private String startAfter;
  private boolean more = true;

  ListingIterator(ObjectStore store, String prefix) {
    this.store = store;
    this.prefix = prefix;
  }

  @Override
  public boolean hasNext() {
    while ((page == null || !page.hasNext()) && more) {
      ObjectListing listing = store.list(prefix, startAfter, PAGE);
      page = listing.objects().iterator();
      startAfter = listing.nextStartAfter();
      more = listing.truncated();
    }
    return page != null && page.hasNext();
  }

  @Override
  public ObjectInfo next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.next();
  }
}
