package io.sluice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters a job declares: the union of its stages' {@link Stage#parameters()}. A runtime
 * {@linkplain #check checks} a run's parameters against them before the run starts, so that a
 * misspelt name ({@code -p inptu=...}), a value of the wrong type or a missing required parameter
 * stops the run at once with a message, instead of being ignored.
 *
 * <p>Immutable; see {@link Job#parameters()}.
 */
public final class JobParameters {
  private final String job;
  private final Map<String, Parameter<?>> byName;

  private JobParameters(String job, Map<String, Parameter<?>> byName) {
    this.job = job;
    this.byName = byName;
  }

  /**
   * The union of the stages' declarations, in stage order.
   *
   * @throws JobDefinitionException when two stages declare one name with different types or defaults
   */
  static JobParameters of(String job, List<Stage> stages) {
    Map<String, Parameter<?>> byName = new LinkedHashMap<>();
    Map<String, String> declaredBy = new LinkedHashMap<>();
    for (Stage stage : stages) {
      List<Parameter<?>> declared = stage.parameters();
      if (declared == null) {
        throw new JobDefinitionException("Job '" + job + "': stage '" + stage.name()
            + "' returned null from parameters(): return List.of() if it reads none");
      }
      for (Parameter<?> p : declared) {
        Parameter<?> earlier = byName.putIfAbsent(p.name(), p);
        if (earlier == null) {
          declaredBy.put(p.name(), stage.name());
        } else if (!earlier.equals(p)) {
          throw new JobDefinitionException("Job '" + job + "': stages '" + declaredBy.get(p.name()) + "' and '"
              + stage.name() + "' declare parameter '" + p.name() + "' differently (" + earlier + " / " + p
              + "): give them one type and one default, or different names");
        }
      }
    }
    return new JobParameters(job, byName);
  }

  /** Every declared parameter, in the order the stages declare them. */
  public List<Parameter<?>> list() {
    return List.copyOf(byName.values());
  }

  /** The parameter named {@code name}, if a stage declares it. */
  public Optional<Parameter<?>> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * Checks a run's parameters: every name must be declared, every value must parse as its type, and
   * every parameter without a default must be given. A reference ({@code ssm:NAME}) counts as given; its
   * value is checked against the type when a stage reads it.
   *
   * @return the parameters, for the run's stages to read
   * @throws ParameterException naming the job and each problem, and listing the declared parameters
   *     when a name is unknown
   */
  public Parameters check(Map<String, String> values) {
    return check(values, true);
  }

  /**
   * Checks the parameters a launcher passes on to a runtime that may add configured ones (a deployed
   * job's functions add their {@code SLUICE_PARAM_} values): every name must be declared and every
   * value must parse as its type, but a parameter without a default may be missing (the runtime's own
   * {@link #check} decides).
   *
   * @throws ParameterException as {@link #check} does
   */
  public void checkGiven(Map<String, String> values) {
    check(values, false);
  }

  private Parameters check(Map<String, String> values, boolean requireAll) {
    List<String> problems = new ArrayList<>();
    boolean unknown = false;
    for (Map.Entry<String, String> e : values.entrySet()) {
      String name = e.getKey();
      Parameter<?> p = name == null ? null : byName.get(name);
      if (name == null || name.isEmpty()) {
        problems.add("a parameter has an empty name (value '" + e.getValue() + "'): write -p NAME=VALUE");
        unknown = true;
      } else if (p == null) {
        problems.add("no stage declares parameter '" + name + "'");
        unknown = true;
      } else if (e.getValue() == null) {
        problems.add("parameter '" + name + "' has no value");
      } else if (Parameters.isReference(e.getValue())) {
        // Its value is read when a stage reads it (and checked against the type then), never here.
        if (e.getValue().length() == Parameters.REFERENCE_PREFIX.length()) {
          problems.add("parameter '" + name + "' is '" + Parameters.REFERENCE_PREFIX
              + "' without a name: write " + Parameters.REFERENCE_PREFIX + "/path/name");
        }
      } else {
        try {
          p.parse(e.getValue());
        } catch (RuntimeException bad) {
          problems.add(Parameters.malformed(name, p.type(), e.getValue(), bad));
        }
      }
    }
    for (Parameter<?> p : byName.values()) {
      if (requireAll && p.required() && !values.containsKey(p.name())) {
        problems.add("parameter '" + p.name() + "' (" + p.type() + ") is required and was not given");
      }
    }
    if (!problems.isEmpty()) {
      StringBuilder m = new StringBuilder("Job '").append(job).append("': ").append(String.join("; ", problems)).append('.');
      if (unknown || byName.values().stream().anyMatch(Parameter::required)) {
        m.append(byName.isEmpty() ? " It takes no parameters." : " Its parameters: " + describe() + ".");
      }
      throw new ParameterException(m.toString());
    }
    return Parameters.of(job, values);
  }

  /** The declared parameters as one line: {@code input (a string, default 'x'): what it is; ...}. */
  public String describe() {
    return String.join("; ", byName.values().stream().map(Parameter::toString).toList());
  }

  @Override
  public String toString() {
    return "JobParameters[" + job + ": " + describe() + "]";
  }
}
