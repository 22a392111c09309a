package io.sluice.record;

/**
 * CSV with a trailing delimiter ({@link CsvFormat.Builder#trailingDelimiter}), as TPC-H's dbgen writes
 * it: pipe-delimited lines split at any byte, every type and null round-tripping through the writer,
 * which ends each record with the delimiter.
 */
class CsvTrailingDelimiterContractTest extends TextFormatContract {
  private static final CsvFormat LINES = CsvFormat.builder().delimiter('|').newlinesInQuotes(false).trailingDelimiter(true).build();

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

  /** The same with quoted line breaks, resynchronising splits, and a backslash escape. */
  static class Resynchronizing extends TextFormatContract {
    private static final CsvFormat RESYNC = CsvFormat.builder().delimiter('|').escape('\\').resynchronize(true)
        .trailingDelimiter(true).build();

    @Override
    protected RecordFormat format() {
      return RESYNC;
    }

    @Override
    protected boolean supports(FieldType type) {
      return !type.isNested();
    }
  }
}
