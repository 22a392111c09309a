package io.sluice.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.sluice.TaskSpec;
import io.sluice.run.CommitRecord;
import io.sluice.run.PlannedTask;
import io.sluice.runtime.RuntimeLimits;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The parts of a driver step, each alone. */
class DriverPartsTest {
  static PlannedTask task(String id) {
    return new PlannedTask(id, IntNode.valueOf(id.length()), null, null, 0);
  }

  static CommitRecord commit(String id) {
    return new CommitRecord(id, null, 0, 1, Map.of(), null, null, 0, 0, 0, "e", 0, 0);
  }

  @Test
  void thePlannerGivesEachInputADeterministicIdAndRefusesDuplicateInputs() {
    TaskPlanner.Result a = TaskPlanner.plan("job", "stage", List.of(TaskSpec.of(1), TaskSpec.of(2)));
    TaskPlanner.Result b = TaskPlanner.plan("job", "stage", List.of(TaskSpec.of(1), TaskSpec.of(2)));
    assertThat(a).isInstanceOf(TaskPlanner.Planned.class).isEqualTo(b);
    List<PlannedTask> tasks = ((TaskPlanner.Planned) a).tasks();
    assertThat(tasks).extracting(PlannedTask::id).doesNotHaveDuplicates();
    assertThat(TaskPlanner.plan("job", "other", List.of(TaskSpec.of(1)))).isNotEqualTo(TaskPlanner.plan("job", "stage",
        List.of(TaskSpec.of(1))));

    TaskPlanner.Result dup = TaskPlanner.plan("job", "stage", List.of(TaskSpec.of("x"), TaskSpec.of("x")));
    assertThat(dup).isInstanceOfSatisfying(TaskPlanner.Refused.class, r -> assertThat(r.cause())
        .contains("Stage 'stage' planned two tasks with the same input \"x\""));
  }

  @Test
  void theSchedulerDealsTasksRoundRobinSoGroupsDifferByAtMostOne() {
    List<PlannedTask> pending = IntStream.range(0, 10).mapToObj(i -> task("t" + i)).toList();
    List<List<PlannedTask>> groups = Scheduler.deal(pending, 3);
    assertThat(groups).hasSize(3);
    assertThat(groups.get(0)).extracting(PlannedTask::id).containsExactly("t0", "t3", "t6", "t9");
    assertThat(groups.get(2)).extracting(PlannedTask::id).containsExactly("t2", "t5", "t8");
    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(10);
  }

  @Test
  void retryAccountingLeavesCommittedTasksOutAndStopsAtATaskThatUsedItsAttempts() {
    List<PlannedTask> all = List.of(task("a"), task("b"), task("c"));
    RetryAccounting.Outcome some = RetryAccounting.of(all, Map.of("a", commit("a")), Map.of("b", 2), 3);
    assertThat(some.pending()).extracting(PlannedTask::id).containsExactly("b", "c");
    assertThat(some.exhausted()).isNull();
    assertThat(some.committed()).isEqualTo(1);

    RetryAccounting.Outcome used = RetryAccounting.of(all, Map.of("a", commit("a")), Map.of("b", 3), 3);
    assertThat(used.exhausted().id()).isEqualTo("b");
    assertThat(used.exhaustedAttempts()).isEqualTo(3);

    // A committed task is done however many attempts it took.
    assertThat(RetryAccounting.of(all, Map.of("a", commit("a")), Map.of("a", 9), 3).exhausted()).isNull();
  }

  @Test
  void theStallDetectorFailsOnlyAfterRoundsInARowWithoutActivity() {
    StallDetector d = new StallDetector(3);
    assertThat(d.next(0, 0, 0, 0).stalledRounds()).as("before any round ran").isZero();
    StallDetector.Verdict v1 = d.next(1, 5, 0, 5);
    StallDetector.Verdict v2 = d.next(2, 5, v1.stalledRounds(), 5);
    StallDetector.Verdict v3 = d.next(3, 5, v2.stalledRounds(), 5);
    assertThat(List.of(v1.stalled(), v2.stalled(), v3.stalled())).containsExactly(false, false, true);
    assertThat(d.next(3, 5, 2, 6)).isEqualTo(new StallDetector.Verdict(6, 0, false));
  }

  @Test
  void theHistoryBudgetCountsWhatTheLastLoopSpentAndChainsBeforeTheLimit() {
    HistoryBudget h = new HistoryBudget(RuntimeLimits.HistoryEvents.STEP_FUNCTIONS, 1_000);
    List<GroupRef> two = List.of(new GroupRef("r", "s", "m0", 0), new GroupRef("r", "s", "m1", 1));
    Decision run = new Decision("r", 1, Decision.RUN_EXECUTORS, two, null, null, null, null);
    assertThat(h.spentAfter(null)).isEqualTo(5 + 2);
    assertThat(h.spentAfter(run)).isEqualTo(5 + 2 + 4 + 7 * 2);
    assertThat(h.spentAfter(Decision.sleep("r", 1, 30))).isEqualTo(5 + 2 + 2);
    // The next loop costs 7 + 4 + 2 x 7 x 2 + a margin of 60 = 99 events.
    assertThat(h.mustChain(900, run)).isFalse();
    assertThat(h.mustChain(902, run)).isTrue();
    assertThat(h.mustChain(999, Decision.simple("r", 1, Decision.SUCCEED))).as("an end needs no new execution").isFalse();
  }

  @Test
  void aDistributedRoundCostsTheMapAndItsMapRunWhateverItsExecutors() {
    HistoryBudget h = new HistoryBudget(RuntimeLimits.HistoryEvents.STEP_FUNCTIONS, 1_000);
    Decision ten = Decision.runExecutors("r", 1, new RoundItems("b", "k", 10));
    Decision tenThousand = Decision.runExecutors("r", 1, new RoundItems("b", "k", 10_000));
    assertThat(tenThousand.executors()).isEqualTo(10_000);
    assertThat(h.spentAfter(ten)).isEqualTo(5 + 2 + 4 + 2).isEqualTo(h.spentAfter(tenThousand));
    // The next loop costs 7 + 4 + 2 + a margin of 60 = 73 events, however many executors.
    assertThat(h.mustChain(927, tenThousand)).isFalse();
    assertThat(h.mustChain(928, tenThousand)).isTrue();
  }
}
