package io.sluice.pipeline;

import java.util.List;

/**
 * What a conversion did, as its stage's completion writes it next to the table
 * ({@code _sluice/reports/<run>-<stage>.json}) and {@code sluice convert} prints it.
 *
 * @param run the run id
 * @param stage the stage's name
 * @param source where it read
 * @param sink the table it wrote
 * @param rowsRead records read (bad ones included)
 * @param rowsWritten records written to the table
 * @param rowsFiltered records a filter dropped
 * @param rowsQuarantined records that could not be read or converted
 * @param bytesRead bytes read from the source
 * @param files data files written
 * @param bytesWritten their total size
 * @param quarantine the keys (in the run's store) of the tasks' quarantine outputs
 */
public record ConvertReport(String run, String stage, String source, String sink, long rowsRead, long rowsWritten,
    long rowsFiltered, long rowsQuarantined, long bytesRead, long files, long bytesWritten, List<String> quarantine) {
  public ConvertReport {
    quarantine = List.copyOf(quarantine);
  }

  /** The key of the report of run {@code run}'s stage {@code stage}, relative to the table's location. */
  public static String key(String run, String stage) {
    return "_sluice/reports/" + run + "-" + stage + ".json";
  }
}
