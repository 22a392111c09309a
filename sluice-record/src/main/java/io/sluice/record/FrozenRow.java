package io.sluice.record;

/** An immutable row: what {@link Row#copy()} returns. */
final class FrozenRow extends SlotRow {
  FrozenRow(SlotRow source) {
    super(source.schema, source.kinds, source.scales, source.longs.clone(), source.objects.clone(), source.nulls.clone());
  }

  @Override
  public Row copy() {
    return this;
  }
}
