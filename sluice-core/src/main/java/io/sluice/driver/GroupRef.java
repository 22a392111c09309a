package io.sluice.driver;

/**
 * What one executor is given: the key of a round's manifest in the store and which of its task groups
 * to run. About a hundred bytes, whatever the group holds.
 *
 * @param run the run id
 * @param stage the stage's name (for logs and checks)
 * @param manifest the key of the round's manifest
 * @param group the index of this executor's group in the manifest
 */
public record GroupRef(String run, String stage, String manifest, int group) {}
