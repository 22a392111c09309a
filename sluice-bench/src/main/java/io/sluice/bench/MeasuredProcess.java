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
 * Runs one command as a fresh process and measures it: the wall time from starting it to its exit, the CPU
 * time it used, and its peak resident set size. CPU and peak come from GNU time ({@code /usr/bin/time -v}:
 * user plus system seconds, and "Maximum resident set size", the kernel's high-water mark) when it is
 * installed, else from polling every 50 ms the process's CPU time ({@link ProcessHandle.Info#totalCpuDuration})
 * and {@code /proc/PID/status} ({@code VmHWM}, the process's own high-water mark, so nothing of it is
 * missed), which count no children. Output goes to files of {@code dir}.
 *
 * @param wallSeconds from start to exit, as this JVM saw it (with GNU time, its own start is included: a millisecond)
 * @param cpuSeconds user and system CPU seconds (on a loaded machine, less affected by the load than the wall time)
 * @param peakRssBytes the peak resident set size
 * @param rssSource how it was measured
 */
public record MeasuredProcess(int exitCode, double wallSeconds, double cpuSeconds, long peakRssBytes, String rssSource) {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");
  private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern USER = Pattern.compile("User time \\(seconds\\): ([0-9.]+)");
  private static final Pattern SYSTEM = Pattern.compile("System time \\(seconds\\): ([0-9.]+)");
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
    double cpu = 0;
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    while (!p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (!gnuTime) {
        polled = Math.max(polled, vmHwm(status));
        cpu = Math.max(cpu, p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0));
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    if (gnuTime) {
      String report = Files.readString(timeReport, StandardCharsets.UTF_8);
      return new MeasuredProcess(p.exitValue(), wall, cpuSeconds(report), maxRss(report), "GNU time -v (maximum resident set size)");
    }
    return new MeasuredProcess(p.exitValue(), wall, cpu, polled, "VmHWM of /proc/PID/status, polled every 50 ms");
  }

  /** The maximum RSS in bytes from the report of {@code time -v}. */
  static long maxRss(String report) {
    Matcher m = MAX_RSS.matcher(report);
    if (!m.find()) {
      throw new IllegalStateException("No 'Maximum resident set size' in the report of /usr/bin/time -v: " + report);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** User plus system seconds from the report of {@code time -v}. */
  static double cpuSeconds(String report) {
    Matcher u = USER.matcher(report);
    Matcher s = SYSTEM.matcher(report);
    if (!u.find() || !s.find()) {
      throw new IllegalStateException("No user and system time in the report of /usr/bin/time -v: " + report);
    }
    return Double.parseDouble(u.group(1)) + Double.parseDouble(s.group(1));
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
