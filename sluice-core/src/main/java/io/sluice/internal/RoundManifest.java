package io.sluice.internal;

import java.util.List;

/** The task groups of one executor round; executors find theirs by index. */
public record RoundManifest(String stage, int stageIndex, int batch, int epoch, int round, List<List<PlannedTask>> groups) {}
