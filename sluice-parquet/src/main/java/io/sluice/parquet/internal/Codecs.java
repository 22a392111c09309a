package io.sluice.parquet.internal;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression without Hadoop: parquet-java's own {@code CodecFactory} goes through Hadoop's
 * {@code CompressionCodec} classes and builds a Hadoop {@code Configuration} (which loads Woodstox,
 * commons-*, Hadoop's shaded Guava, ...). This calls the compression libraries parquet-hadoop
 * already depends on directly: snappy-java (raw Snappy blocks, as Parquet stores them), zstd-jni
 * (Zstandard frames) and the JDK's GZIP. Stateless and thread-safe.
 */
public final class Codecs implements CompressionCodecFactory {
  /** The one instance. */
  public static final Codecs INSTANCE = new Codecs();

  /** Zstandard level 3, parquet-java's default. */
  private static final int ZSTD_LEVEL = 3;

  private Codecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    check(codec);
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
          return bytes;
        }
        return BytesInput.from(compressBytes(codec, bytes.toByteArray()));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    check(codec);
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
          return bytes;
        }
        return BytesInput.from(decompressBytes(codec, bytes.toByteArray(), uncompressedSize));
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize) throws IOException {
        byte[] in = new byte[compressedSize];
        input.duplicate().get(in);
        byte[] out = codec == CompressionCodecName.UNCOMPRESSED ? in : decompressBytes(codec, in, decompressedSize);
        output.put(out, 0, decompressedSize);
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}

  private static void check(CompressionCodecName codec) {
    switch (codec) {
      case UNCOMPRESSED, SNAPPY, GZIP, ZSTD -> {
      }
      default -> throw new UnsupportedOperationException("Parquet compression " + codec
          + " is not supported (Sluice reads and writes UNCOMPRESSED, SNAPPY, GZIP and ZSTD)");
    }
  }

  static byte[] compressBytes(CompressionCodecName codec, byte[] in) throws IOException {
    return switch (codec) {
      case SNAPPY -> Snappy.compress(in);
      case ZSTD -> Zstd.compress(in, ZSTD_LEVEL);
      case GZIP -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, in.length / 2));
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024)) {
          gz.write(in);
        }
        yield bytes.toByteArray();
      }
      default -> throw new AssertionError(codec);
    };
  }

  static byte[] decompressBytes(CompressionCodecName codec, byte[] in, int size) throws IOException {
    byte[] out;
    switch (codec) {
      case SNAPPY -> {
        out = new byte[size];
        int n = Snappy.uncompress(in, 0, in.length, out, 0);
        if (n != size) {
          throw new IOException("A Snappy page holds " + n + " bytes, not the " + size + " its header says");
        }
      }
      case ZSTD -> {
        out = Zstd.decompress(in, size);
        if (out.length != size) {
          throw new IOException("A ZSTD page holds " + out.length + " bytes, not the " + size + " its header says");
        }
      }
      case GZIP -> {
        out = new byte[size];
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in), 64 * 1024)) {
          int at = 0;
          while (at < size) {
            int n = gz.read(out, at, size - at);
            if (n < 0) {
              throw new IOException("A GZIP page ends after " + at + " bytes, not the " + size + " its header says");
            }
            at += n;
          }
        }
      }
      default -> throw new AssertionError(codec);
    }
    return out;
  }
}
