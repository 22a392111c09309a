package io.sluice.record;

import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array that rows are encoded into by {@link RowCodec#write(io.sluice.record.Row,
 * RowArena)}, in the same big-endian layout as {@link java.io.DataOutputStream} (so what one writes
 * the other's reader reads) but without a call per byte. It grows by doubling but never past its cap,
 * except by the one row that crosses it. Not thread-safe.
 */
public final class RowArena extends OutputStream {
  static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  /** The largest array: arrays are indexed by int, and rows past the cap still need room. */
  private static final int MAX = Integer.MAX_VALUE - 64;

  private final int cap;
  private byte[] buf;
  private int size;

  /** An arena starting at {@code initial} bytes that grows by doubling up to {@code cap}. */
  public RowArena(int initial, int cap) {
    this.cap = cap;
    this.buf = new byte[Math.max(16, Math.min(initial, cap))];
  }

  /** Bytes written since the last {@link #reset}. */
  public int size() {
    return size;
  }

  /** The backing array (valid up to {@link #size}); it changes when the arena grows. */
  public byte[] bytes() {
    return buf;
  }

  /** Forgets what was written; the array is kept. */
  public void reset() {
    size = 0;
  }

  void ensure(int more) {
    if (more <= buf.length - size) {
      return;
    }
    grow(more);
  }

  private void grow(int more) {
    long needed = (long) size + more;
    if (needed > MAX) {
      throw new IllegalStateException("A row buffer cannot hold more than " + MAX + " bytes; " + more
          + " more bytes do not fit after " + size);
    }
    long grown = Math.max(needed, Math.min(2L * buf.length, cap));
    buf = Arrays.copyOf(buf, (int) grown);
  }

  void putBoolean(boolean v) {
    ensure(1);
    buf[size++] = (byte) (v ? 1 : 0);
  }

  void putInt(int v) {
    ensure(4);
    INT.set(buf, size, v);
    size += 4;
  }

  void putLong(long v) {
    ensure(8);
    LONG.set(buf, size, v);
    size += 8;
  }

  /** Makes room for {@code n} bytes and returns where they go; the caller fills them, then calls {@link #advance}. */
  int reserve(int n) {
    ensure(n);
    return size;
  }

  void advance(int n) {
    size += n;
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }
}
