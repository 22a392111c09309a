package io.sluice.plan;

import static io.sluice.plan.ChunkSizer.MIB;
import static io.sluice.plan.ChunkSizer.MIN_CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.plan.ChunkSizer.ChunkProfile;
import io.sluice.plan.ChunkSizer.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link ChunkSizer}: defaults by profile, the adaptation rule and its bounds. */
class ChunkSizerTest {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  @Test
  void theFirstRoundUsesTheProfilesDefaultUnderTheReferenceBudgetAndLessUnderAShorterOne() {
    assertThat(new ChunkSizer(ChunkProfile.CONVERSION, TEN_MINUTES).initial()).isEqualTo(768 * MIB);
    assertThat(new ChunkSizer(ChunkProfile.TRANSFORMATION, TEN_MINUTES).initial()).isEqualTo(64 * MIB);
    // a budget of a fifth: a fifth of the default; a longer budget does not grow it
    assertThat(new ChunkSizer(ChunkProfile.CONVERSION, Duration.ofMinutes(2)).initial()).isEqualTo(768 * MIB / 5);
    assertThat(new ChunkSizer(ChunkProfile.CONVERSION, Duration.ofMinutes(14)).initial()).isEqualTo(768 * MIB);
    // never below the minimum, never above a lower maximum
    assertThat(new ChunkSizer(ChunkProfile.TRANSFORMATION, Duration.ofSeconds(1)).initial()).isEqualTo(MIN_CHUNK);
    assertThat(new ChunkSizer(ChunkProfile.CONVERSION, TEN_MINUTES, 256 * MIB).initial()).isEqualTo(256 * MIB);
  }

  @Test
  void fiftyMegabytesASecondUnderThirteenMinutesIsCappedByTheProfilesMaximum() {
    // 0.5 * 780 s * 50 MB/s = 19.5 GB: far above both profiles' maxima
    List<Observation> round = List.of(new Observation(500_000_000L, Duration.ofSeconds(10)));
    ChunkSizer conversion = new ChunkSizer(ChunkProfile.CONVERSION, Duration.ofMinutes(13));
    assertThat(conversion.next(768 * MIB, round)).isEqualTo(1024 * MIB);
    ChunkSizer transformation = new ChunkSizer(ChunkProfile.TRANSFORMATION, Duration.ofMinutes(13));
    assertThat(transformation.next(64 * MIB, round)).isEqualTo(96 * MIB);
  }

  @Test
  void withinTheBoundsTheChunkIsWhatTheSlowQuarterReadsInHalfTheBudget() {
    ChunkSizer sizer = new ChunkSizer(ChunkProfile.CONVERSION, Duration.ofMinutes(10));
    // four tasks: 1, 2, 3 and 4 MB/s; the 25th percentile of four is the slowest, 1 MB/s
    List<Observation> round = List.of(
        new Observation(4_000_000, Duration.ofSeconds(1)), new Observation(1_000_000, Duration.ofSeconds(1)),
        new Observation(6_000_000, Duration.ofSeconds(2)), new Observation(6_000_000, Duration.ofSeconds(3)));
    assertThat(ChunkSizer.throughput(round)).isEqualTo(1_000_000.0);
    assertThat(sizer.next(200 * MIB, round)).isEqualTo(300_000_000L); // 1 MB/s * 300 s
    // a target fraction of 0.25 halves it
    assertThat(sizer.withTargetFraction(0.25).next(200 * MIB, round)).isEqualTo(150_000_000L);
  }

  @Test
  void oneRoundChangesTheChunkAtMostFourfoldEitherWay() {
    ChunkSizer sizer = new ChunkSizer(ChunkProfile.CONVERSION, TEN_MINUTES);
    List<Observation> slow = List.of(new Observation(1_000, Duration.ofSeconds(1)));
    assertThat(sizer.next(800 * MIB, slow)).isEqualTo(200 * MIB);
    List<Observation> fast = List.of(new Observation(1L << 40, Duration.ofSeconds(1)));
    assertThat(sizer.next(16 * MIB, fast)).isEqualTo(64 * MIB);
  }

  @Test
  void observationsThatSayNothingOfThroughputLeaveTheChunkUnchanged() {
    ChunkSizer sizer = new ChunkSizer(ChunkProfile.TRANSFORMATION, TEN_MINUTES);
    assertThat(sizer.next(3 * MIB, List.of())).isEqualTo(3 * MIB); // unchanged, even below the minimum
    assertThat(sizer.next(50 * MIB, List.of(new Observation(0, Duration.ofSeconds(5)),
        new Observation(10, Duration.ZERO)))).isEqualTo(50 * MIB);
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    assertThatThrownBy(() -> new Observation(-1, Duration.ofSeconds(1))).hasMessageContaining("bytesIn cannot be negative, got -1");
    assertThatThrownBy(() -> new Observation(1, Duration.ofSeconds(-1))).hasMessageContaining("elapsed time cannot be negative");
    assertThatThrownBy(() -> new ChunkSizer(ChunkProfile.CONVERSION, Duration.ZERO)).hasMessageContaining("positive safe budget");
    assertThatThrownBy(() -> new ChunkSizer(ChunkProfile.CONVERSION, TEN_MINUTES, MIB)).hasMessageContaining("at least 8388608");
    assertThatThrownBy(() -> new ChunkSizer(ChunkProfile.CONVERSION, TEN_MINUTES).withTargetFraction(1.5))
        .hasMessageContaining("(0, 1], got 1.5");
    assertThatThrownBy(() -> new ChunkSizer(ChunkProfile.CONVERSION, TEN_MINUTES).next(0, List.of()))
        .hasMessageContaining("must be positive, got 0");
  }

  @Property(tries = 500)
  void theResultStaysWithinTheBoundsAndTheStepLimit(@ForAll("sizers") ChunkSizer sizer,
      @ForAll @LongRange(min = 1, max = 4L << 30) long current, @ForAll("rounds") List<Observation> round) {
    long next = sizer.next(current, round);
    if (Double.isNaN(ChunkSizer.throughput(round))) {
      assertThat(next).isEqualTo(current); // nothing measured: unchanged (checked on its own below)
      return;
    }
    assertThat(next).isBetween(MIN_CHUNK, sizer.maxChunk());
    if (current >= MIN_CHUNK && current <= sizer.maxChunk()) {
      // inside the bounds, the step limit holds (the bounds may pull further)
      assertThat(next).isBetween(Math.min(current / 4, sizer.maxChunk()), Math.max(current * 4, MIN_CHUNK));
    }
  }

  @Property(tries = 500)
  void fasterTasksNeverGiveASmallerChunk(@ForAll("sizers") ChunkSizer sizer,
      @ForAll @LongRange(min = 1, max = 4L << 30) long current, @ForAll("rounds") List<Observation> round,
      @ForAll @DoubleRange(min = 1.0, max = 100.0) double speedup) {
    List<Observation> faster = new ArrayList<>();
    for (Observation o : round) {
      faster.add(new Observation(o.bytesIn(), Duration.ofNanos((long) (o.elapsed().toNanos() / speedup))));
    }
    // a task made so fast it takes no time says nothing: skip such draws
    if (faster.stream().anyMatch(o -> o.elapsed().isZero())) {
      return;
    }
    assertThat(sizer.next(current, faster)).isGreaterThanOrEqualTo(sizer.next(current, round));
  }

  @Property(tries = 200)
  void noObservationsLeaveAnyChunkUnchanged(@ForAll("sizers") ChunkSizer sizer, @ForAll @LongRange(min = 1) long current) {
    assertThat(sizer.next(current, List.of())).isEqualTo(current);
  }

  @Property(tries = 200)
  void theSlowestQuarterDecides(@ForAll("sizers") ChunkSizer sizer, @ForAll @IntRange(min = 4, max = 40) int tasks) {
    // a quarter of the tasks are slow (1 MB/s), the rest very fast: the chunk follows the slow ones
    List<Observation> round = new ArrayList<>();
    for (int k = 0; k < tasks; k++) {
      boolean slow = k < (tasks + 3) / 4;
      round.add(new Observation(slow ? 1_000_000 : 1_000_000_000, Duration.ofSeconds(1)));
    }
    assertThat(ChunkSizer.throughput(round)).isEqualTo(1_000_000.0);
  }

  @Provide
  Arbitrary<ChunkSizer> sizers() {
    Arbitrary<ChunkProfile> profile = Arbitraries.of(ChunkProfile.class);
    Arbitrary<Duration> budget = Arbitraries.longs().between(1, 3600).map(Duration::ofSeconds);
    Arbitrary<Long> max = Arbitraries.longs().between(MIN_CHUNK, 2L << 30);
    Arbitrary<Double> fraction = Arbitraries.doubles().between(0.05, 1.0);
    return net.jqwik.api.Combinators.combine(profile, budget, max, fraction)
        .as((p, b, m, f) -> new ChunkSizer(p, b, m).withTargetFraction(f));
  }

  @Provide
  Arbitrary<List<Observation>> rounds() {
    Arbitrary<Observation> one = net.jqwik.api.Combinators.combine(
        Arbitraries.longs().between(0, 2L << 30),
        Arbitraries.longs().between(0, 900_000).map(Duration::ofMillis)).as(Observation::new);
    return one.list().ofMaxSize(20);
  }
}
