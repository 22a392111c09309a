package io.sluice.pipeline.internal;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;

/** Copies single values between rows of different schemas without boxing the flat ones. */
public final class Rows {
  private Rows() {}

  /** Sets field {@code j} of {@code to} to field {@code i} of {@code from} (same type): {@link MutableRow#setFrom}. */
  public static void copy(Row from, int i, MutableRow to, int j) {
    to.setFrom(j, from, i);
  }
}
