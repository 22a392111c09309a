package io.sluice.store;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Walks a flat listing page by page, following continuation tokens. */
final class ListingIterator implements Iterator<ObjectInfo> {
  private final ObjectStore store;
  private ListRequest request;
  private Iterator<ObjectInfo> page;
  private boolean more = true;

  ListingIterator(ObjectStore store, ListRequest request) {
    this.store = store;
    this.request = request;
  }

  @Override
  public boolean hasNext() {
    while ((page == null || !page.hasNext()) && more) {
      ObjectListing listing = store.list(request);
      page = listing.objects().iterator();
      more = listing.truncated();
      request = request.withContinuationToken(listing.nextContinuationToken());
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
