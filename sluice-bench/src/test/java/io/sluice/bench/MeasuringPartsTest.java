package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bench-convert reads from its runs: GC logs, GNU time's report, the data files of a table. */
class MeasuringPartsTest {
  @TempDir Path dir;

  @Test
  void heapPeaksComeFromTheCollectionsOfAGcLog() {
    GcLogPeak peak = GcLogPeak.parse(List.of(
        "[0.012s][info][gc] Using G1",
        "[1.204s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms",
        "[2.5s][info][gc] GC(1) Concurrent Mark Cycle",
        "[3.1s][info][gc] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 1200M->410M(1536M) 12.1ms",
        "[4.0s][info][gc] GC(3) Pause Full (System.gc()) 512M->90M(2G) 80.2ms",
        "[5.0s][info][gc] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 900K->512K(2G) 1.0ms"));
    assertThat(peak.collections()).isEqualTo(4);
    assertThat(peak.before()).isEqualTo(1200L << 20);
    assertThat(peak.after()).isEqualTo(410L << 20);
    assertThat(peak.committed()).isEqualTo(2L << 30);
    assertThat(GcLogPeak.parse(List.of("[0.01s][info][gc] Using G1"))).isEqualTo(new GcLogPeak(0, 0, 0, 0));
  }

  @Test
  void peakRssComesFromGnuTimesReport() {
    String report = "\tCommand being timed: \"java -version\"\n\tUser time (seconds): 0.05\n"
        + "\tMaximum resident set size (kbytes): 41236\n\tExit status: 0\n";
    assertThat(MeasuredProcess.maxRss(report)).isEqualTo(41236L * 1024);
    assertThat(MeasuredProcess.cpuSeconds(report + "\tSystem time (seconds): 0.02\n")).isEqualTo(0.07, org.assertj.core.api.Assertions.within(1e-9));
    assertThatThrownBy(() -> MeasuredProcess.maxRss("Command terminated by signal 9")).hasMessageContaining("Maximum resident set size");
  }

  @Test
  void aRealProcessIsTimedAndItsRssMeasured() throws Exception {
    // a real short process (no timing asserted: only that the numbers are there)
    MeasuredProcess p = MeasuredProcess.run(List.of("sh", "-c", "head -c 20000000 /dev/zero | tail -c 1 > /dev/null; exit 3"),
        dir.resolve("run"), java.util.Map.of());
    assertThat(p.exitCode()).isEqualTo(3);
    assertThat(p.wallSeconds()).isPositive();
    assertThat(p.peakRssBytes()).isPositive();
    assertThat(p.cpuSeconds()).isNotNegative();
    assertThat(dir.resolve("run").resolve("out.log")).exists();
  }

  @Test
  void onlyParquetDataFilesOutsideHiddenDirectoriesCount() throws IOException {
    Path t = dir.resolve("table");
    write(t.resolve("year=1994/month=01/part-a-00000.parquet"), 300);
    write(t.resolve("year=1994/month=01/part-b-00000.parquet"), 100);
    write(t.resolve("year=1994/month=02/data_0.parquet"), 200);
    write(t.resolve("year=1994/month=02/.data_0.parquet.crc"), 7);
    write(t.resolve("_SUCCESS"), 0);
    write(t.resolve("_sluice/manifests/v1.parquet"), 999);
    write(t.resolve("_temporary/0/x.parquet"), 999);
    ParquetOutput out = ParquetOutput.scan(t);
    assertThat(out.sizes()).containsExactly(100L, 200L, 300L);
    assertThat(out.files()).isEqualTo(3);
    assertThat(out.partitions()).isEqualTo(2);
    assertThat(out.totalBytes()).isEqualTo(600);
    assertThat(out.minBytes()).isEqualTo(100);
    assertThat(out.medianBytes()).isEqualTo(200);
    assertThat(out.maxBytes()).isEqualTo(300);
  }

  private static void write(Path p, int bytes) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
  }
}
