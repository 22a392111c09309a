package io.sluice.pipeline;

import io.sluice.Stage;
import io.sluice.table.CompactionStage;

/** The compaction stage of a pipeline's table ({@link Pipeline#compact()}). */
final class Compaction {
  private Compaction() {}

  /**
   * A {@link CompactionStage} for {@code sink}'s table, to its target file size.
   *
   * @throws IllegalArgumentException if the table is in another store than the run's (not supported yet)
   */
  static Stage stage(String name, Sink sink) {
    if (sink.location().external()) {
      throw new IllegalArgumentException("Compacting a table in another store than the run's (" + sink.location()
          + ") is not supported yet: write the table under a prefix of the run's store, or run `sluice compact`");
    }
    return CompactionStage.builder(sink.location().prefix(), sink.format(), java.net.URI.create("store:/" + sink.location().prefix()))
        .name(name).targetFileBytes(sink.targetFileBytes()).build();
  }
}
