package io.sluice.record;

/** {@link JsonLinesFormat} passes the record format contract, nested types included. */
class JsonLinesFormatContractTest extends TextFormatContract {
  @Override
  protected RecordFormat format() {
    return JsonLinesFormat.DEFAULT;
  }

  @Override
  protected boolean supports(FieldType type) {
    return true;
  }
}
