package io.sluice;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The parameters a run was started with ({@code sluice run JOB -p NAME=VALUE}), as text, with typed
 * getters. A getter without a default throws {@link ParameterException} when the run did not give the
 * parameter; every getter throws it when the value is not of the type asked for. Either message names
 * the job, the parameter, the expected type and the value.
 *
 * <p>Prefer {@link #get(Parameter)} with the stage's {@linkplain Stage#parameters() declared}
 * parameters: the declaration holds the type and the default, and the run was checked against it
 * before it started. The by-name getters read any parameter.
 *
 * <p>Immutable.
 */
public final class Parameters {
  private final String job;
  private final Map<String, String> values;

  private Parameters(String job, Map<String, String> values) {
    this.job = Objects.requireNonNull(job, "job");
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameter name"),
        Objects.requireNonNull(v, () -> "value of parameter " + k)));
    this.values = Collections.unmodifiableMap(copy);
  }

  /** The parameters {@code values} of a run of job {@code job} (the name is for error messages). */
  public static Parameters of(String job, Map<String, String> values) {
    return new Parameters(job, values);
  }

  /** A run of {@code job} with no parameters. */
  public static Parameters none(String job) {
    return new Parameters(job, Map.of());
  }

  /** Every parameter given, by name, as text. */
  public Map<String, String> asMap() {
    return values;
  }

  /** Whether the run gave parameter {@code name}. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The declared parameter's value, or its default when the run did not give it. */
  public <T> T get(Parameter<T> parameter) {
    String text = values.get(parameter.name());
    if (text == null) {
      return parameter.defaultValue().orElseThrow(() -> missing(parameter.name(), parameter.type()));
    }
    return parse(parameter.name(), parameter.type(), text, parameter::parse);
  }

  /** Parameter {@code name} as text. */
  public String getString(String name) {
    return require(name, "a string");
  }

  /** Parameter {@code name} as text, or {@code otherwise} if the run did not give it. */
  public String getString(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  /** Parameter {@code name} as an {@code int}. */
  public int getInt(String name) {
    return parse(name, "an int", require(name, "an int"), Parameter::parseInt);
  }

  /** Parameter {@code name} as an {@code int}, or {@code otherwise} if the run did not give it. */
  public int getInt(String name, int otherwise) {
    return has(name) ? getInt(name) : otherwise;
  }

  /** Parameter {@code name} as a {@code long}. */
  public long getLong(String name) {
    return parse(name, "a long", require(name, "a long"), Parameter::parseLong);
  }

  /** Parameter {@code name} as a {@code long}, or {@code otherwise} if the run did not give it. */
  public long getLong(String name, long otherwise) {
    return has(name) ? getLong(name) : otherwise;
  }

  /** Parameter {@code name} as a {@code double}. */
  public double getDouble(String name) {
    return parse(name, "a double", require(name, "a double"), Parameter::parseDouble);
  }

  /** Parameter {@code name} as a {@code double}, or {@code otherwise} if the run did not give it. */
  public double getDouble(String name, double otherwise) {
    return has(name) ? getDouble(name) : otherwise;
  }

  /** Parameter {@code name} as a boolean: {@code true} or {@code false}, in any case. */
  public boolean getBoolean(String name) {
    return parse(name, "a boolean (true or false)", require(name, "a boolean (true or false)"), Parameter::parseBoolean);
  }

  /** Parameter {@code name} as a boolean, or {@code otherwise} if the run did not give it. */
  public boolean getBoolean(String name, boolean otherwise) {
    return has(name) ? getBoolean(name) : otherwise;
  }

  /** Parameter {@code name} as a duration: see {@link Parameter#ofDuration} for the forms. */
  public Duration getDuration(String name) {
    return parse(name, Parameter.DURATION_TYPE, require(name, Parameter.DURATION_TYPE), Parameter::parseDuration);
  }

  /** Parameter {@code name} as a duration, or {@code otherwise} if the run did not give it. */
  public Duration getDuration(String name, Duration otherwise) {
    return has(name) ? getDuration(name) : otherwise;
  }

  /** The text of parameter {@code name}, if the run gave it. */
  public Optional<String> find(String name) {
    return Optional.ofNullable(values.get(name));
  }

  private String require(String name, String type) {
    String text = values.get(name);
    if (text == null) {
      throw missing(name, type);
    }
    return text;
  }

  private ParameterException missing(String name, String type) {
    return new ParameterException("Job '" + job + "' needs parameter '" + name + "' (" + type
        + ") and the run did not give it: pass it as -p " + name + "=VALUE");
  }

  private <T> T parse(String name, String type, String text, Function<String, ? extends T> parser) {
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw malformed(job, name, type, text, e);
    }
  }

  private static ParameterException malformed(String job, String name, String type, String text, RuntimeException e) {
    return new ParameterException("Job '" + job + "': " + malformed(name, type, text, e));
  }

  /** {@code parameter 'NAME' must be TYPE, got 'TEXT'}, and the parser's reason unless it says no more. */
  static String malformed(String name, String type, String text, RuntimeException e) {
    String why = e instanceof NumberFormatException || e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    return "parameter '" + name + "' must be " + type + ", got '" + text + "'" + why;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameters p && p.job.equals(job) && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return job.hashCode() * 31 + values.hashCode();
  }

  @Override
  public String toString() {
    return "Parameters" + values;
  }
}
