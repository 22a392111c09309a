package io.sluice.examples.tpch;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;

/** Small helpers of the examples' map steps. */
final class Rowsets {
  private Rowsets() {}

  /** Copies text field {@code i} of {@code in} to field {@code j} of {@code out} as UTF-8 bytes, without a String. */
  static void copyText(Row in, int i, MutableRow out, int j) {
    if (in.isNull(i)) {
      out.setNull(j);
      return;
    }
    int n = in.byteLength(i);
    byte[] b = new byte[n];
    in.copyBytes(i, b, 0);
    out.setStringUtf8(j, b, 0, n);
  }
}
