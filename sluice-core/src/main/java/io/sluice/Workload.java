package io.sluice;

/**
 * What bounds a stage's tasks; decides how many workers an executor runs. Lambda gives one vCPU per
 * 1,769 MB, so a 10 GB executor has about 6 vCPUs.
 */
public enum Workload {
  /** Compute-bound: one worker per vCPU (10 GB executor: 6). */
  CPU,
  /** Memory-bound: half as many workers as vCPUs, each with more memory (10 GB: 3). */
  MEMORY,
  /** Waiting on the network: four workers per vCPU (10 GB: 24). */
  NETWORK;

  /** Lambda's ratio of memory to vCPU. */
  public static final int MB_PER_VCPU = 1769;

  /** Workers per executor for a function with {@code memoryMb}. */
  public int workers(int memoryMb) {
    int vcpus = Math.max(1, Math.round(memoryMb / (float) MB_PER_VCPU));
    return switch (this) {
      case CPU -> vcpus;
      case MEMORY -> Math.max(1, vcpus / 2);
      case NETWORK -> vcpus * 4;
    };
  }
}
