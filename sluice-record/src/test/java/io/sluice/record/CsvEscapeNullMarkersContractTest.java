package io.sluice.record;

/**
 * CSV with a backslash escape and null markers that collide with values ({@code 0}, {@code null}, as the
 * contract's generators write them), resynchronising (quoted line breaks, split by bytes), passes the
 * record format contract: every type and null round-trips whatever the splits.
 */
class CsvEscapeNullMarkersContractTest extends TextFormatContract {
  private static final CsvFormat FORMAT = CsvFormat.builder().escape('\\').nullString("\\N", "null", "0").resynchronize(true).build();

  @Override
  protected RecordFormat format() {
    return FORMAT;
  }

  @Override
  protected boolean supports(FieldType type) {
    return !type.isNested();
  }

  /** The same rules on lines (no quoted line breaks), with {@code NULL} for null and the empty field a marker too. */
  static class OnLines extends TextFormatContract {
    private static final CsvFormat LINES = CsvFormat.builder().escape('\\').nullString("NULL", "").newlinesInQuotes(false)
        .delimiter('|').build();

    @Override
    protected RecordFormat format() {
      return LINES;
    }

    @Override
    protected boolean supports(FieldType type) {
      return !type.isNested();
    }

    @Override
    protected boolean stringsHoldLineBreaks() {
      return false;
    }
  }
}
