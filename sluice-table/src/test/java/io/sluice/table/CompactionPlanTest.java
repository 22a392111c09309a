package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.table.internal.HivePaths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which files a compaction plans to rewrite, and into how many. */
class CompactionPlanTest {
  static DataFile file(String partition, String name, long bytes) {
    return new DataFile(partition + name, partition, HivePaths.parse(partition), 10, bytes);
  }

  static TableSnapshot snapshot(List<DataFile> files) {
    return new TableSnapshot(7, TableFixture.DEFINITION, files, TableManifest.APPEND, files, List.of(), Instant.EPOCH);
  }

  @Test
  void smallFilesOfAPartitionPastTheThresholdBecomeCeilOfTheirBytesOverTheTarget() {
    String a = "tenant=acme/year=2024/";
    String b = "tenant=globex/year=2024/";
    String c = "tenant=initech/year=2024/";
    List<DataFile> files = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      files.add(file(a, "s" + i + ".parquet", 30)); // 150 bytes of small files
    }
    files.add(file(a, "big.parquet", 100)); // at the target: left alone
    files.add(file(b, "only.parquet", 10)); // one small file: below the threshold
    files.add(file(c, "x.parquet", 60));
    files.add(file(c, "y.parquet", 60)); // two files of 60%: would stay two, so left alone

    CompactionPlan plan = CompactionPlan.of(snapshot(files), 100);

    assertThat(plan.version()).isEqualTo(7);
    assertThat(plan.groups()).hasSize(1);
    CompactionPlan.Group g = plan.groups().get(0);
    assertThat(g.partition()).isEqualTo(a);
    assertThat(g.inputs()).extracting(DataFile::name).containsExactly("s0.parquet", "s1.parquet", "s2.parquet", "s3.parquet",
        "s4.parquet");
    assertThat(g.outputFiles()).isEqualTo(2);
    assertThat(g.bytes()).isEqualTo(150);
    assertThat(g.rows()).isEqualTo(50);
    assertThat(g.partitionValues()).containsEntry("tenant", "acme").containsEntry("year", "2024");
  }

  @Test
  void aHigherThresholdLeavesPartitionsWithFewerSmallFilesAlone() {
    String a = "tenant=acme/year=2024/";
    List<DataFile> files = List.of(file(a, "1.parquet", 1), file(a, "2.parquet", 1), file(a, "3.parquet", 1));
    assertThat(CompactionPlan.of(snapshot(files), 100, 3).groups()).hasSize(1);
    assertThat(CompactionPlan.of(snapshot(files), 100, 4).isEmpty()).isTrue();
  }

  @Test
  void outputNamesAreDeterministicAndDifferForDifferentGroups() {
    String a = "tenant=acme/year=2024/";
    List<DataFile> files = List.of(file(a, "1.parquet", 1), file(a, "2.parquet", 1), file(a, "3.parquet", 1));
    CompactionPlan.Group g = CompactionPlan.of(snapshot(files), 100).groups().get(0);
    CompactionPlan.Group same = CompactionPlan.of(snapshot(files), 100).groups().get(0);
    CompactionPlan.Group fewer = CompactionPlan.of(snapshot(files.subList(0, 2)), 100).groups().get(0);
    assertThat(g.outputPath(7, 0, "parquet")).matches("tenant=acme/year=2024/part-c00000007-[0-9a-f]{8}-00000\\.parquet")
        .isEqualTo(same.outputPath(7, 0, "parquet")).isNotEqualTo(fewer.outputPath(7, 0, "parquet"));
  }

  @Test
  void badSettingsAreRefusedSayingWhy() {
    TableSnapshot s = snapshot(List.of());
    assertThatThrownBy(() -> CompactionPlan.of(s, 0)).hasMessageContaining("target file size of a compaction must be positive");
    assertThatThrownBy(() -> CompactionPlan.of(s, 100, 1)).hasMessageContaining("threshold of at least 2 small files");
  }
}
