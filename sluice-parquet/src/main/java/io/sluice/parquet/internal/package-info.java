/**
 * The Parquet format's own machinery: adapters between Sluice's {@code InputFile}/{@code OutputStream}
 * and parquet-java's {@code InputFile}/{@code OutputFile}, schema conversion, the write support, the
 * record materializer and the statistics filter. Not for use outside {@code sluice-parquet}.
 */
package io.sluice.parquet.internal;
