package io.sluice.run;

import java.util.List;

/**
 * One executor's task group of one round, written by the Driver; the executor reads only its own, so
 * a round costs each executor the bytes of its group, not of the round.
 *
 * @param stage the stage's name
 * @param stageIndex its index in the job
 * @param batch the micro-batch
 * @param epoch the resume epoch the attempts belong to
 * @param round the executor round
 * @param group this group's index in the round
 * @param tasks the group's tasks
 */
public record GroupManifest(String stage, int stageIndex, int batch, int epoch, int round, int group, List<PlannedTask> tasks) {
  public GroupManifest {
    tasks = List.copyOf(tasks);
  }
}
