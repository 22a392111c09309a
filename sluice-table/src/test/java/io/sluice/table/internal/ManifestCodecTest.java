package io.sluice.table.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.Schema;
import io.sluice.table.DataFile;
import io.sluice.table.PartitionSpec;
import io.sluice.table.TableDefinition;
import io.sluice.table.TableManifest;
import io.sluice.table.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A manifest's JSON reads back to the snapshot that was written, whatever the schema and partitioning. */
class ManifestCodecTest {
  static final Schema SCHEMA = Schema.parse("region string not null, `odd name` int, ts timestamp_ntz not null,"
      + " amount decimal(38,6), tags array<string>, attrs map<string, bigint>, addr struct<city: string, `zip code` string not null>");

  @Test
  void aSnapshotReadsBackEqualIncludingNullPartitionValuesAndNestedTypes() {
    PartitionSpec spec = PartitionSpec.parse("region, year(ts) AS y, month(ts)", SCHEMA);
    TableDefinition def = new TableDefinition("events_2024", spec, "parquet");
    Map<String, String> nullRegion = new LinkedHashMap<>();
    nullRegion.put("region", null);
    nullRegion.put("y", "2024");
    nullRegion.put("month", "03");
    String p1 = spec.path(nullRegion);
    String p2 = spec.path(Map.of("region", "a/b=c", "y", "2025", "month", "12"));
    DataFile a = new DataFile(p1 + "part-1.parquet", p1, nullRegion, 10, 1234);
    DataFile b = new DataFile(p2 + "part-2.parquet", p2, HivePaths.parse(p2), 0, 99);
    DataFile gone = new DataFile(p2 + "part-0.parquet", p2, HivePaths.parse(p2), 5, 50);
    TableSnapshot s = new TableSnapshot(12, def, List.of(b, a), TableManifest.COMPACT, List.of(b), List.of(gone),
        Instant.parse("2026-12-02T10:15:30.123456Z"));

    byte[] json = ManifestCodec.write(s);
    TableSnapshot read = ManifestCodec.read(json, "k");

    assertThat(read).isEqualTo(s);
    assertThat(read.definition().schema()).isEqualTo(SCHEMA);
    assertThat(read.files().get(0).partitionValues()).containsEntry("region", null);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"sluiceTable\" : 1").contains("\"operation\" : \"compact\"");
  }

  @Test
  void malformedManifestsAreNamedWithWhatIsWrong() {
    assertThatThrownBy(() -> ManifestCodec.read("{not json".getBytes(StandardCharsets.UTF_8), "m/00000003.json"))
        .hasMessageStartingWith("Manifest 'm/00000003.json' is not valid JSON");
    String noFiles = "{\"sluiceTable\":1,\"version\":2,\"timestamp\":\"2026-01-01T00:00:00Z\",\"operation\":\"append\","
        + "\"table\":{\"name\":\"t\",\"schema\":\"a int\",\"partitionSpec\":\"\",\"format\":\"parquet\"},\"added\":[],\"removed\":[]}";
    assertThatThrownBy(() -> ManifestCodec.read(noFiles.getBytes(StandardCharsets.UTF_8), "m/2"))
        .hasMessage("Manifest 'm/2' is corrupt: 'files' is missing");
    String badSpec = noFiles.replace("\"partitionSpec\":\"\"", "\"partitionSpec\":\"nope\"");
    assertThatThrownBy(() -> ManifestCodec.read(badSpec.getBytes(StandardCharsets.UTF_8), "m/2"))
        .hasMessageContaining("Manifest 'm/2' is corrupt: Partition spec 'nope'");
  }
}
