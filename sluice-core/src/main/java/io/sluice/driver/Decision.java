package io.sluice.driver;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The Driver's answer to the state machine: the data that flows through the generated loop. Field
 * names are the loop's protocol (the generated definition's Choice and Map read them), see {@link
 * #ACTION} and friends.
 *
 * @param run the run id
 * @param seq the driver step that produced this decision; the next Driver call passes it back
 * @param action one of {@link #RUN_EXECUTORS}, {@link #RUN_DRIVER}, {@link #SLEEP}, {@link
 *     #CONTINUE_AS_NEW}, {@link #SUCCEED}, {@link #FAIL}
 * @param groups for run_executors on an inline Map: one small reference per executor (never the tasks
 *     themselves, so payloads stay far below 256 KB); null on a Distributed Map
 * @param items for run_executors on a Distributed Map: where the round's references are in the store
 *     (its {@code ItemReader} reads them); null on an inline Map
 * @param sleepSeconds for sleep
 * @param error for fail
 * @param cause for fail
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
    String run, long seq, String action, List<GroupRef> groups, RoundItems items, Long sleepSeconds, String error,
    String cause) {

  public static final String ACTION = "action";
  public static final String RUN_EXECUTORS = "run_executors";
  public static final String RUN_DRIVER = "run_driver";
  public static final String SLEEP = "sleep";
  public static final String CONTINUE_AS_NEW = "continue_as_new";
  public static final String SUCCEED = "succeed";
  public static final String FAIL = "fail";

  /** The actions, in the order the generated Choice lists them. */
  public static final List<String> ACTIONS = List.of(RUN_EXECUTORS, RUN_DRIVER, SLEEP, CONTINUE_AS_NEW, SUCCEED, FAIL);

  static Decision runExecutors(String run, long seq, List<GroupRef> groups) {
    return new Decision(run, seq, RUN_EXECUTORS, List.copyOf(groups), null, null, null, null);
  }

  static Decision runExecutors(String run, long seq, RoundItems items) {
    return new Decision(run, seq, RUN_EXECUTORS, null, items, null, null, null);
  }

  static Decision simple(String run, long seq, String action) {
    return new Decision(run, seq, action, null, null, null, null, null);
  }

  static Decision sleep(String run, long seq, long seconds) {
    return new Decision(run, seq, SLEEP, null, null, seconds, null, null);
  }

  static Decision fail(String run, long seq, String error, String cause) {
    return new Decision(run, seq, FAIL, null, null, null, error, cause == null ? "" : cause);
  }

  /** This decision as step {@code seq} of {@code run} gives it (a deferred decision replayed). */
  Decision at(String run, long seq) {
    return new Decision(run, seq, action, groups, items, sleepSeconds, error, cause);
  }

  /** The executors a run_executors decision starts (inline or distributed); 0 for the other actions. */
  public int executors() {
    if (!RUN_EXECUTORS.equals(action)) {
      return 0;
    }
    return groups != null ? groups.size() : items == null ? 0 : items.count();
  }

  /** Whether a run_executors decision runs its round as a Distributed Map (its items in the store). */
  public boolean distributed() {
    return items != null;
  }

  public boolean terminal() {
    return SUCCEED.equals(action) || FAIL.equals(action);
  }
}
