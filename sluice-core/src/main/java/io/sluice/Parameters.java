package io.sluice;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * <p><b>References.</b> A value {@code ssm:NAME} ({@link #REFERENCE_PREFIX}) names an SSM Parameter
 * Store parameter instead of holding a value, typically a secret: the getters return the value the
 * {@link ParameterResolver} reads for it, lazily, on the first read of any reference, all references
 * of the run in one call. {@link #asMap()}, {@link #toString()} and every error message show the
 * reference, never the value, so what the runtime writes (state files, payloads, logs) holds names
 * only. Keep the values you read out of outputs and logs yourself.
 *
 * <p>Thread-safe; immutable but for the values of references, resolved once.
 */
public final class Parameters {
  /** What starts a reference: {@code ssm:} and the name of a Parameter Store parameter. */
  public static final String REFERENCE_PREFIX = "ssm:";

  private final String job;
  private final Map<String, String> values;
  private final ParameterResolver resolver;
  /** The values of the references, by parameter name; null until the first read of a reference. */
  private Map<String, String> resolved;

  private Parameters(String job, Map<String, String> values, ParameterResolver resolver) {
    this.job = Objects.requireNonNull(job, "job");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameter name"),
        Objects.requireNonNull(v, () -> "value of parameter " + k)));
    this.values = Collections.unmodifiableMap(copy);
  }

  /**
   * The parameters {@code values} of a run of job {@code job} (the name is for error messages), with
   * no resolver: reading a reference fails with a {@link ParameterException} that says so.
   */
  public static Parameters of(String job, Map<String, String> values) {
    return new Parameters(job, values, ParameterResolver.NONE);
  }

  /** The parameters {@code values} of a run of job {@code job}, whose references {@code resolver} reads. */
  public static Parameters of(String job, Map<String, String> values, ParameterResolver resolver) {
    return new Parameters(job, values, resolver);
  }

  /** A run of {@code job} with no parameters. */
  public static Parameters none(String job) {
    return of(job, Map.of());
  }

  /** Whether {@code text} is a reference ({@code ssm:NAME}) rather than a value. */
  public static boolean isReference(String text) {
    return text != null && text.startsWith(REFERENCE_PREFIX);
  }

  /**
   * Every parameter given, by name, as given: a reference stays its {@code ssm:NAME} text (use the
   * getters for values).
   */
  public Map<String, String> asMap() {
    return values;
  }

  /** Whether the run gave parameter {@code name}. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The declared parameter's value, or its default when the run did not give it. */
  public <T> T get(Parameter<T> parameter) {
    if (!values.containsKey(parameter.name())) {
      return parameter.defaultValue().orElseThrow(() -> missing(parameter.name(), parameter.type()));
    }
    return parse(parameter.name(), parameter.type(), parameter::parse);
  }

  /** Parameter {@code name} as text. */
  public String getString(String name) {
    return require(name, "a string");
  }

  /** Parameter {@code name} as text, or {@code otherwise} if the run did not give it. */
  public String getString(String name, String otherwise) {
    return has(name) ? text(name) : otherwise;
  }

  /** Parameter {@code name} as an {@code int}. */
  public int getInt(String name) {
    return parse(name, "an int", Parameter::parseInt);
  }

  /** Parameter {@code name} as an {@code int}, or {@code otherwise} if the run did not give it. */
  public int getInt(String name, int otherwise) {
    return has(name) ? getInt(name) : otherwise;
  }

  /** Parameter {@code name} as a {@code long}. */
  public long getLong(String name) {
    return parse(name, "a long", Parameter::parseLong);
  }

  /** Parameter {@code name} as a {@code long}, or {@code otherwise} if the run did not give it. */
  public long getLong(String name, long otherwise) {
    return has(name) ? getLong(name) : otherwise;
  }

  /** Parameter {@code name} as a {@code double}. */
  public double getDouble(String name) {
    return parse(name, "a double", Parameter::parseDouble);
  }

  /** Parameter {@code name} as a {@code double}, or {@code otherwise} if the run did not give it. */
  public double getDouble(String name, double otherwise) {
    return has(name) ? getDouble(name) : otherwise;
  }

  /** Parameter {@code name} as a boolean: {@code true} or {@code false}, in any case. */
  public boolean getBoolean(String name) {
    return parse(name, "a boolean (true or false)", Parameter::parseBoolean);
  }

  /** Parameter {@code name} as a boolean, or {@code otherwise} if the run did not give it. */
  public boolean getBoolean(String name, boolean otherwise) {
    return has(name) ? getBoolean(name) : otherwise;
  }

  /** Parameter {@code name} as a duration: see {@link Parameter#ofDuration} for the forms. */
  public Duration getDuration(String name) {
    return parse(name, Parameter.DURATION_TYPE, Parameter::parseDuration);
  }

  /** Parameter {@code name} as a duration, or {@code otherwise} if the run did not give it. */
  public Duration getDuration(String name, Duration otherwise) {
    return has(name) ? getDuration(name) : otherwise;
  }

  /** The text of parameter {@code name}, if the run gave it. */
  public Optional<String> find(String name) {
    return has(name) ? Optional.of(text(name)) : Optional.empty();
  }

  private String require(String name, String type) {
    if (!has(name)) {
      throw missing(name, type);
    }
    return text(name);
  }

  /** The value of given parameter {@code name}: its text, or what its reference names. */
  private String text(String name) {
    String text = values.get(name);
    return isReference(text) ? resolved().get(name) : text;
  }

  /** Every reference's value, read in one call to the resolver the first time one is needed. */
  private synchronized Map<String, String> resolved() {
    if (resolved != null) {
      return resolved;
    }
    Map<String, String> names = new TreeMap<>();
    values.forEach((parameter, text) -> {
      if (isReference(text)) {
        names.put(parameter, text.substring(REFERENCE_PREFIX.length()));
      }
    });
    Map<String, String> read;
    try {
      read = resolver.resolve(java.util.List.copyOf(new java.util.LinkedHashSet<>(names.values())));
    } catch (RuntimeException e) {
      throw new ParameterException("Job '" + job + "': cannot read " + describe(names) + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    names.forEach((parameter, name) -> {
      String value = read.get(name);
      if (value == null) {
        throw new ParameterException("Job '" + job + "': the resolver returned no value for parameter '" + parameter
            + "' (" + REFERENCE_PREFIX + name + ")");
      }
      out.put(parameter, value);
    });
    resolved = Collections.unmodifiableMap(out);
    return resolved;
  }

  private static String describe(Map<String, String> references) {
    return String.join(", ", references.entrySet().stream()
        .map(e -> "parameter '" + e.getKey() + "' (" + REFERENCE_PREFIX + e.getValue() + ")").toList());
  }

  private ParameterException missing(String name, String type) {
    return new ParameterException("Job '" + job + "' needs parameter '" + name + "' (" + type
        + ") and the run did not give it: pass it as -p " + name + "=VALUE");
  }

  private <T> T parse(String name, String type, Function<String, ? extends T> parser) {
    String text = require(name, type);
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      String given = values.get(name);
      if (isReference(given)) {
        // Neither the value nor the parser's message (which may quote it) is shown: it may be a secret.
        throw new ParameterException("Job '" + job + "': parameter '" + name + "' must be " + type + ", and the value of "
            + given + " is not (the value is not shown)");
      }
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
