package io.sluice.bench;

import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link ObjectStore} decorator that counts requests by kind and bytes read, separately for the
 * Driver and the Executors (told apart by the local function instances' thread names), so that the
 * benchmark can report requests per task as S3 would bill them: a {@code list} call is one LIST page.
 */
final class CountingStore implements ObjectStore {
  /** Request kinds, as S3 bills them. */
  enum Kind { GET, PUT, PUT_IF_ABSENT, CREATE, OPEN, STAT, LIST, DELETE }

  /** Who made a request. */
  enum Side { DRIVER, EXECUTOR, OTHER }

  private final ObjectStore store;
  private final Map<Side, Map<Kind, LongAdder>> requests = new EnumMap<>(Side.class);
  private final Map<Side, LongAdder> bytesRead = new EnumMap<>(Side.class);

  CountingStore(ObjectStore store) {
    this.store = store;
    for (Side s : Side.values()) {
      Map<Kind, LongAdder> m = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        m.put(k, new LongAdder());
      }
      requests.put(s, m);
      bytesRead.put(s, new LongAdder());
    }
  }

  private static Side side() {
    String t = Thread.currentThread().getName();
    if (t.endsWith("-driver") || t.contains("-driver-")) {
      return Side.DRIVER;
    }
    if (t.contains("-executor-") || t.startsWith("sluice-worker-")) {
      return Side.EXECUTOR;
    }
    return Side.OTHER;
  }

  private Side count(Kind kind) {
    Side s = side();
    requests.get(s).get(kind).increment();
    return s;
  }

  long requests(Side side, Kind kind) {
    return requests.get(side).get(kind).sum();
  }

  long requests(Side side) {
    return requests.get(side).values().stream().mapToLong(LongAdder::sum).sum();
  }

  long bytesRead(Side side) {
    return bytesRead.get(side).sum();
  }

  @Override
  public byte[] get(String key) {
    Side s = count(Kind.GET);
    byte[] b = store.get(key);
    bytesRead.get(s).add(b.length);
    return b;
  }

  @Override
  public void put(String key, byte[] content) {
    count(Kind.PUT);
    store.put(key, content);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    count(Kind.PUT_IF_ABSENT);
    return store.putIfAbsent(key, content);
  }

  @Override
  public ObjectWriter create(String key) {
    count(Kind.CREATE);
    return store.create(key);
  }

  @Override
  public InputStream open(String key) {
    return counted(count(Kind.OPEN), store.open(key));
  }

  @Override
  public InputStream openRange(String key, long offset, long length, String ifMatch) {
    return counted(count(Kind.OPEN), store.openRange(key, offset, length, ifMatch));
  }

  private InputStream counted(Side s, InputStream in) {
    LongAdder bytes = bytesRead.get(s);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytes.increment();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          bytes.add(n);
        }
        return n;
      }
    };
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    count(Kind.STAT);
    return store.stat(key);
  }

  @Override
  public ObjectListing list(ListRequest request) {
    count(Kind.LIST);
    return store.list(request);
  }

  @Override
  public void delete(String key) {
    count(Kind.DELETE);
    store.delete(key);
  }
}
