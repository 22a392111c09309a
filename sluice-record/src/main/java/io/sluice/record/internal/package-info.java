/**
 * The machinery behind {@link io.sluice.record}: byte-level CSV and JSON Lines readers and writers,
 * value parsing and printing without intermediate Strings, the byte-range boundary rule. Not an API:
 * use the formats ({@link io.sluice.record.CsvFormat}, {@link io.sluice.record.JsonLinesFormat}).
 */
package io.sluice.record.internal;
