package io.sluice;

/**
 * What bounds a stage's tasks; decides how many workers an executor runs per vCPU. How many vCPUs an
 * executor has is the runtime's number ({@code RuntimeLimits.vcpus}: on Lambda one per 1,769 MB, so a
 * 10 GB executor has 6).
 */
public enum Workload {
  /** Compute-bound: one worker per vCPU (10 GB Lambda executor: 6). */
  CPU,
  /** Memory-bound: half as many workers as vCPUs, each with more memory (10 GB: 3). */
  MEMORY,
  /** Waiting on the network: four workers per vCPU (10 GB: 24). */
  NETWORK;

  /** Workers per executor with {@code vcpus} vCPUs (at least 1). */
  public int workersFor(int vcpus) {
    int v = Math.max(1, vcpus);
    return switch (this) {
      case CPU -> v;
      case MEMORY -> Math.max(1, v / 2);
      case NETWORK -> v * 4;
    };
  }
}
