package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one command as a fresh process and measures it: the wall time from starting it to its exit, and its
 * peak resident set size. The peak comes from GNU time ({@code /usr/bin/time -v}: "Maximum resident set
 * size", the kernel's high-water mark of the process and of its waited-for children) when it is installed,
 * else from polling {@code /proc/PID/status} ({@code VmHWM}, the process's own high-water mark) every 50 ms,
 * which misses nothing of the process itself but counts no children. Output goes to files of {@code dir}.
 *
 * @param wallSeconds from start to exit, as this JVM saw it (with GNU time, its own start is included: a millisecond)
 * @param peakRssBytes the peak resident set size
 * @param rssSource how it was measured
 */
public record MeasuredProcess(int exitCode, double wallSeconds, long peakRssBytes, String rssSource) {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");
  private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern VM_HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

  /** Runs {@code command} in {@code dir} with {@code env} added; its stdout and stderr go to {@code dir/out.log}. */
  public static MeasuredProcess run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    boolean gnuTime = Files.isExecutable(GNU_TIME);
    Path timeReport = dir.resolve("time-v.txt");
    List<String> full = new ArrayList<>();
    if (gnuTime) {
      full.addAll(List.of(GNU_TIME.toString(), "-v", "-o", timeReport.toString()));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.log").toFile());
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    long polled = 0;
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    while (!p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (!gnuTime) {
        polled = Math.max(polled, vmHwm(status));
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    if (gnuTime) {
      return new MeasuredProcess(p.exitValue(), wall, maxRss(Files.readString(timeReport, StandardCharsets.UTF_8)),
          "GNU time -v (maximum resident set size)");
    }
    return new MeasuredProcess(p.exitValue(), wall, polled, "VmHWM of /proc/PID/status, polled every 50 ms");
  }

  /** The maximum RSS in bytes from the report of {@code time -v}. */
  static long maxRss(String report) {
    Matcher m = MAX_RSS.matcher(report);
    if (!m.find()) {
      throw new IllegalStateException("No 'Maximum resident set size' in the report of /usr/bin/time -v: " + report);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  private static long vmHwm(Path status) {
    try {
      Matcher m = VM_HWM.matcher(Files.readString(status, StandardCharsets.UTF_8));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
    } catch (IOException e) {
      return 0; // exited between waitFor and the read
    }
  }
}
