package io.sluice.record;

import io.sluice.record.FieldType.Kind;

/**
 * An immutable row: what {@link Row#copy()} returns. The byte slices of STRING and BINARY fields (into
 * a reader's buffer) are copied into one array of the copy's own, so a copy costs one allocation for
 * all its text; nested values are immutable already.
 */
final class FrozenRow extends SlotRow {
  FrozenRow(SlotRow source) {
    super(source.schema, source.kinds, source.scales, source.longs.clone(), source.objects.clone(), source.nulls.clone());
    int bytes = 0;
    for (int i = 0; i < kinds.length; i++) {
      if (!nulls[i] && objects[i] instanceof byte[] && (kinds[i] == Kind.STRING || kinds[i] == Kind.BINARY)) {
        bytes += sliceLength(longs[i]);
      }
    }
    if (bytes == 0) {
      for (int i = 0; i < kinds.length; i++) {
        if (!nulls[i] && objects[i] instanceof byte[]) {
          objects[i] = new byte[0]; // an empty slice: do not keep the reader's buffer alive
          longs[i] = 0;
        }
      }
      return;
    }
    byte[] own = new byte[bytes];
    int at = 0;
    for (int i = 0; i < kinds.length; i++) {
      if (!nulls[i] && objects[i] instanceof byte[] b && (kinds[i] == Kind.STRING || kinds[i] == Kind.BINARY)) {
        int len = sliceLength(longs[i]);
        System.arraycopy(b, sliceOffset(longs[i]), own, at, len);
        objects[i] = own;
        longs[i] = slice(at, len);
        at += len;
      }
    }
  }

  @Override
  public Row copy() {
    return this;
  }
}
