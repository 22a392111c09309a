package io.sluice.shuffle;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The block format: a 13-byte header (raw length, stored length, rows: big-endian ints; codec: one
 * byte, 0 raw, 1 LZ4), then the stored bytes. Rows inside a raw block are {@link
 * io.sluice.record.RowCodec} rows one after another.
 */
final class Blocks {
  static final int HEADER = 13;
  static final byte RAW = 0;
  static final byte LZ4 = 1;
  /** The trailer's last four bytes. */
  static final int MAGIC = 0x534C5348; // "SLSH"
  static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Blocks() {}

  static Lz4Compressor compressor() {
    return new Lz4Compressor();
  }

  static Lz4Decompressor decompressor() {
    return new Lz4Decompressor();
  }
}
