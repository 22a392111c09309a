package io.sluice.statemachine.internal.validation;

import io.sluice.statemachine.DefinitionProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one validation run; validation goes on after each one. */
final class Problems {
  private final List<DefinitionProblem> found = new ArrayList<>();

  void add(Location where, String message) {
    found.add(new DefinitionProblem(where.path(), message));
  }

  List<DefinitionProblem> list() {
    return List.copyOf(found);
  }
}
