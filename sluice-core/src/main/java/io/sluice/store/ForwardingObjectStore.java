package io.sluice.store;

import java.io.InputStream;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ObjectStore} that passes every call, default methods included, to another store: the base
 * of decorators (counting requests, injecting faults) that override only what they watch. A method the
 * SPI gains later is forwarded too, so decorators keep compiling.
 *
 * <p>Each call goes to the delegate's method of the same name: {@link #exists} to the delegate's {@code
 * exists}, not through this class's {@link #stat}, and {@link #deleteAll} to the delegate's {@code
 * deleteAll}. A decorator that must see every request of a kind overrides each method that makes it.
 * The deprecated {@link #list(String, String, int)} and {@link #listAll} do go through {@link
 * #list(ListRequest)}.
 */
public abstract class ForwardingObjectStore implements ObjectStore {
  private final ObjectStore delegate;

  /** @param delegate the store every call goes to */
  protected ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store every call goes to. */
  protected ObjectStore delegate() {
    return delegate;
  }

  @Override
  public void put(String key, byte[] content) {
    delegate.put(key, content);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    return delegate.putIfAbsent(key, content);
  }

  @Override
  public ObjectWriter create(String key) {
    return delegate.create(key);
  }

  @Override
  public byte[] get(String key) {
    return delegate.get(key);
  }

  @Override
  public InputStream open(String key) {
    return delegate.open(key);
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    return delegate.openRange(key, offset, length);
  }

  @Override
  public InputStream openRange(String key, long offset, long length, String ifMatch) {
    return delegate.openRange(key, offset, length, ifMatch);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public ObjectListing list(ListRequest request) {
    return delegate.list(request);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    delegate.deleteAll(keys);
  }

  @Override
  public boolean exists(String key) {
    return delegate.exists(key);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
