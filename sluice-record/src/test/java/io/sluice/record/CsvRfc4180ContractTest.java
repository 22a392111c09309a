package io.sluice.record;

/**
 * {@link CsvFormat#DEFAULT} (RFC 4180: quoted line breaks, so not splittable: one split per object)
 * passes the record format contract.
 */
class CsvRfc4180ContractTest extends TextFormatContract {
  @Override
  protected RecordFormat format() {
    return CsvFormat.DEFAULT;
  }

  @Override
  protected boolean supports(FieldType type) {
    return !type.isNested();
  }
}
