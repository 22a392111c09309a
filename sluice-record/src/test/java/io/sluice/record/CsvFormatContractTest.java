package io.sluice.record;

/** {@link CsvFormat} with {@code newlinesInQuotes(false)} (splittable at any byte) passes the record format contract. */
class CsvFormatContractTest extends TextFormatContract {
  @Override
  protected RecordFormat format() {
    return CsvFormat.builder().newlinesInQuotes(false).build();
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
