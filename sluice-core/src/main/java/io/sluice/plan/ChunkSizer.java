package io.sluice.plan;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the chunk size, the number of input bytes one task reads, so that tasks land well inside an
 * executor's safe budget: a default by workload, then, round after round, a size predicted from the
 * throughput the previous round's tasks measured. Immutable and pure (no I/O, no clock): the planner
 * feeds it what its tasks reported.
 *
 * <pre>{@code
 * ChunkSizer sizer = new ChunkSizer(ChunkSizer.ChunkProfile.CONVERSION, Duration.ofMinutes(10));
 * long chunk = sizer.initial();                         // 768 MiB
 * // ... run a round of tasks of `chunk` bytes, collect what the committed ones read and took ...
 * chunk = sizer.next(chunk, List.of(new ChunkSizer.Observation(805306368, Duration.ofSeconds(40)), ...));
 * }</pre>
 *
 * <h2>The first round</h2>
 * {@link #initial()} is the {@linkplain ChunkProfile#defaultChunk() profile's default}, sized for the
 * default safe budget of {@value #REFERENCE_BUDGET_MINUTES} minutes: a shorter budget scales it down in
 * proportion (the default assumes the throughput that reads it in {@link #targetFraction()} of that
 * reference budget), a longer one does not scale it up. It is then clamped to {@code [}{@link #MIN_CHUNK},
 * {@link #maxChunk()}{@code ]}. Without a measurement this is a guess: a task that runs out of budget
 * stops at a record boundary with a continuation, as any task does, and the next round adapts.
 *
 * <h2>Adaptation ({@link #next})</h2>
 * <ol>
 *   <li>Each observation with bytes read and a positive elapsed time gives a throughput, bytes per second
 *       (others say nothing of throughput and are left out; if none is left, the chunk is unchanged).</li>
 *   <li>The round's throughput is the {@value #PERCENTILE}th percentile of those (of {@code n} sorted
 *       throughputs, the one at index {@code (n - 1) * 25 / 100}, rounded down), so that the slow quarter
 *       of the tasks, not the average, decides.</li>
 *   <li>The ideal chunk is what that throughput reads in {@link #targetFraction()} (default {@value
 *       #DEFAULT_TARGET_FRACTION}) of the safe budget.</li>
 *   <li>The change per round is bounded: the result is at least a {@value #MAX_STEP}th of the current
 *       chunk and at most {@value #MAX_STEP} times it (one noisy round cannot swing it far).</li>
 *   <li>Last, the result is clamped to {@code [}{@link #MIN_CHUNK}, {@link #maxChunk()}{@code ]}; the
 *       bounds win over the step limit (a current chunk above the maximum comes down to it at once).</li>
 * </ol>
 * The result is monotone in the measured throughputs: faster tasks never give a smaller chunk.
 */
public final class ChunkSizer {
  /** One mebibyte. */
  public static final long MIB = 1L << 20;
  /** The smallest chunk {@link #next} and {@link #initial} return: 8 MiB. */
  public static final long MIN_CHUNK = 8 * MIB;
  /** The fraction of the safe budget a task is planned to take, unless {@link #withTargetFraction} says otherwise. */
  public static final double DEFAULT_TARGET_FRACTION = 0.5;
  /** The most a chunk grows, or shrinks, in one round: a factor of 4. */
  public static final int MAX_STEP = 4;
  /** The percentile of per-task throughputs that predicts the next round. */
  public static final int PERCENTILE = 25;
  /** The safe budget the profiles' defaults are sized for (the executors' default: 10 minutes). */
  public static final int REFERENCE_BUDGET_MINUTES = 10;

  /** What the tasks do with what they read, which sets the default and the largest chunk. */
  public enum ChunkProfile {
    /**
     * Format conversion (CSV to Parquet, say): cheap per byte, so large chunks (issue 11: 512 MB to 1 GB a
     * task). Default 768 MiB, at most 1 GiB.
     */
    CONVERSION(768 * MIB, 1024 * MIB),
    /**
     * A complex transformation: costly per byte, so smaller chunks (issue 11: 50 to 100 MB). Default 64
     * MiB, at most 96 MiB.
     */
    TRANSFORMATION(64 * MIB, 96 * MIB);

    private final long defaultChunk;
    private final long maxChunk;

    ChunkProfile(long defaultChunk, long maxChunk) {
      this.defaultChunk = defaultChunk;
      this.maxChunk = maxChunk;
    }

    /** The chunk of a first round under the reference budget, in bytes. */
    public long defaultChunk() {
      return defaultChunk;
    }

    /** The largest chunk of this profile, in bytes. */
    public long maxChunk() {
      return maxChunk;
    }
  }

  /**
   * What one committed task of a round read and how long it took.
   *
   * @param bytesIn input bytes the task read (at least 0)
   * @param elapsed the task's run time (not negative)
   */
  public record Observation(long bytesIn, Duration elapsed) {
    /** @throws IllegalArgumentException if bytes or time are negative */
    public Observation {
      Objects.requireNonNull(elapsed, "elapsed");
      if (bytesIn < 0) {
        throw new IllegalArgumentException("An observation's bytesIn cannot be negative, got " + bytesIn);
      }
      if (elapsed.isNegative()) {
        throw new IllegalArgumentException("An observation's elapsed time cannot be negative, got " + elapsed);
      }
    }

    /** Bytes per second, or NaN if nothing was read or no time passed (the observation says nothing). */
    public double bytesPerSecond() {
      long nanos = elapsed.toNanos();
      return bytesIn == 0 || nanos == 0 ? Double.NaN : bytesIn * 1e9 / nanos;
    }
  }

  private final ChunkProfile profile;
  private final Duration safeBudget;
  private final long maxChunk;
  private final double targetFraction;

  /** Sizes chunks of {@code profile} for executors of {@code safeBudget}, up to the profile's maximum. */
  public ChunkSizer(ChunkProfile profile, Duration safeBudget) {
    this(profile, safeBudget, Objects.requireNonNull(profile, "profile").maxChunk(), DEFAULT_TARGET_FRACTION);
  }

  /**
   * The same, with a lower maximum (memory, say): chunks are at most the smaller of {@code maxChunk} and
   * the profile's maximum.
   *
   * @throws IllegalArgumentException if {@code maxChunk} is below {@link #MIN_CHUNK}
   */
  public ChunkSizer(ChunkProfile profile, Duration safeBudget, long maxChunk) {
    this(profile, safeBudget, maxChunk, DEFAULT_TARGET_FRACTION);
  }

  private ChunkSizer(ChunkProfile profile, Duration safeBudget, long maxChunk, double targetFraction) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.safeBudget = Objects.requireNonNull(safeBudget, "safeBudget");
    if (safeBudget.isNegative() || safeBudget.isZero()) {
      throw new IllegalArgumentException("A chunk sizer needs a positive safe budget, got " + safeBudget);
    }
    if (maxChunk < MIN_CHUNK) {
      throw new IllegalArgumentException("A chunk sizer's maximum chunk must be at least " + MIN_CHUNK
          + " bytes (8 MiB), got " + maxChunk);
    }
    if (!(targetFraction > 0 && targetFraction <= 1)) {
      throw new IllegalArgumentException("A chunk sizer's target fraction of the safe budget must be in (0, 1], got " + targetFraction);
    }
    this.maxChunk = Math.min(maxChunk, profile.maxChunk());
    this.targetFraction = targetFraction;
  }

  /**
   * The same sizer planning tasks to take {@code fraction} of the safe budget.
   *
   * @throws IllegalArgumentException unless {@code 0 < fraction <= 1}
   */
  public ChunkSizer withTargetFraction(double fraction) {
    return new ChunkSizer(profile, safeBudget, maxChunk, fraction);
  }

  /** The workload profile. */
  public ChunkProfile profile() {
    return profile;
  }

  /** The executors' safe budget. */
  public Duration safeBudget() {
    return safeBudget;
  }

  /** The largest chunk returned: the smaller of the profile's maximum and the constructor's. */
  public long maxChunk() {
    return maxChunk;
  }

  /** The fraction of the safe budget a task is planned to take. */
  public double targetFraction() {
    return targetFraction;
  }

  /** The chunk of the first round, before any throughput is known: see the class comment. */
  public long initial() {
    double reference = Duration.ofMinutes(REFERENCE_BUDGET_MINUTES).toNanos();
    double scale = Math.min(1.0, safeBudget.toNanos() / reference);
    return clamp((long) (profile.defaultChunk() * scale));
  }

  /**
   * The chunk of the next round, from the current one and what the committed tasks of the round that
   * used it read and took: see the class comment for the rule.
   *
   * @param currentChunk the chunk size of the round observed, in bytes (positive)
   * @param observations one per committed task of that round; empty leaves the chunk unchanged
   * @throws IllegalArgumentException if {@code currentChunk} is not positive
   */
  public long next(long currentChunk, List<Observation> observations) {
    Objects.requireNonNull(observations, "observations");
    if (currentChunk <= 0) {
      throw new IllegalArgumentException("The current chunk size must be positive, got " + currentChunk);
    }
    double rate = throughput(observations);
    if (Double.isNaN(rate)) {
      return currentChunk;
    }
    double ideal = rate * targetFraction * (safeBudget.toNanos() / 1e9);
    double stepped = Math.max(currentChunk / (double) MAX_STEP, Math.min(currentChunk * (double) MAX_STEP, ideal));
    return clamp((long) Math.min(stepped, Long.MAX_VALUE));
  }

  /**
   * The {@value #PERCENTILE}th percentile (index {@code (n - 1) * 25 / 100} of the sorted) of the observations' throughputs,
   * in bytes per second, or NaN if none says anything.
   */
  public static double throughput(List<Observation> observations) {
    double[] rates = observations.stream().mapToDouble(Observation::bytesPerSecond).filter(r -> !Double.isNaN(r)).toArray();
    if (rates.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(rates);
    return rates[(rates.length - 1) * PERCENTILE / 100];
  }

  private long clamp(long chunk) {
    return Math.max(MIN_CHUNK, Math.min(maxChunk, chunk));
  }

  @Override
  public String toString() {
    return "ChunkSizer{profile=" + profile + ", safeBudget=" + safeBudget + ", maxChunk=" + maxChunk
        + ", targetFraction=" + targetFraction + "}";
  }
}
