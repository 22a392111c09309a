package io.sluice;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run parameter that a stage reads, declared by {@link Stage#parameters()}: its name, its type (how
 * its text is parsed), its default (none: the run must give it) and one line saying what it does. A
 * job's parameters are the union of its stages'; a run is refused when it names a parameter that no
 * stage declares, gives one a value that does not parse, or omits one without a default.
 *
 * <pre>{@code
 * static final Parameter<String> INPUT = Parameter.ofString("input", "where the orders are read from")
 *     .withDefault("input/orders/");
 * static final Parameter<Integer> LIMIT = Parameter.ofInt("limit", "orders per task at most");
 *
 * public List<Parameter<?>> parameters() { return List.of(INPUT, LIMIT); }
 * public Plan plan(PlanContext ctx) {
 *   String prefix = ctx.parameters().get(INPUT);
 *   ...
 * }
 * }</pre>
 *
 * <p>Immutable; two declarations are equal when name, type and default are.
 *
 * @param <T> the parsed value's type
 */
public final class Parameter<T> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  /** What {@link #ofDuration} calls its type in messages. */
  static final String DURATION_TYPE = "a duration (250ms, 30s, 5m, 2h, 1d or ISO-8601 such as PT1M30S)";

  private final String name;
  private final String type;
  private final Function<String, ? extends T> parser;
  private final T defaultValue;
  private final String description;

  private Parameter(String name, String type, Function<String, ? extends T> parser, T defaultValue, String description) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new JobDefinitionException("Parameter name '" + name
          + "' is invalid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter");
    }
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.defaultValue = defaultValue;
    this.description = description == null ? "" : description;
  }

  /**
   * A parameter of a type of your own.
   *
   * @param type what the type is called in error messages ("a key prefix", "an ISO date")
   * @param parser turns the text into a value; throws {@link IllegalArgumentException} (its message
   *     says why) for text that is not of the type
   */
  public static <T> Parameter<T> of(String name, String type, Function<String, ? extends T> parser, String description) {
    return new Parameter<>(name, type, parser, null, description);
  }

  /** A text parameter: any value, taken as it is. */
  public static Parameter<String> ofString(String name, String description) {
    return of(name, "a string", s -> s, description);
  }

  /** An {@code int} parameter: decimal digits with an optional sign. */
  public static Parameter<Integer> ofInt(String name, String description) {
    return of(name, "an int", Parameter::parseInt, description);
  }

  /** A {@code long} parameter: decimal digits with an optional sign. */
  public static Parameter<Long> ofLong(String name, String description) {
    return of(name, "a long", Parameter::parseLong, description);
  }

  /** A {@code double} parameter, as {@link Double#parseDouble} reads it (finite values only). */
  public static Parameter<Double> ofDouble(String name, String description) {
    return of(name, "a double", Parameter::parseDouble, description);
  }

  /** A boolean parameter: {@code true} or {@code false}, in any case; nothing else. */
  public static Parameter<Boolean> ofBoolean(String name, String description) {
    return of(name, "a boolean (true or false)", Parameter::parseBoolean, description);
  }

  /**
   * A duration parameter: a whole number with a unit, {@code 250ms}, {@code 30s}, {@code 5m}, {@code
   * 2h} or {@code 1d}, or ISO-8601 as {@link Duration#parse} reads it ({@code PT1M30S}).
   */
  public static Parameter<Duration> ofDuration(String name, String description) {
    return of(name, DURATION_TYPE, Parameter::parseDuration, description);
  }

  /** This parameter with a default, used when a run does not give it. */
  public Parameter<T> withDefault(T value) {
    return new Parameter<>(name, type, parser, Objects.requireNonNull(value, "default of parameter " + name), description);
  }

  /** The name runs give it by ({@code -p NAME=VALUE}). */
  public String name() {
    return name;
  }

  /** What its type is called in messages ("an int"). */
  public String type() {
    return type;
  }

  /** One line saying what it does; empty if none was given. */
  public String description() {
    return description;
  }

  /** Its default; empty when a run must give it. */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** Whether a run must give it (it has no default). */
  public boolean required() {
    return defaultValue == null;
  }

  /**
   * {@code text} as this parameter's type.
   *
   * @throws IllegalArgumentException saying why the text is not of the type
   */
  public T parse(String text) {
    T value = parser.apply(text);
    if (value == null) {
      throw new IllegalArgumentException("the parser returned null");
    }
    return value;
  }

  /** {@code name (type, default VALUE): description}, as a list of known parameters shows it. */
  @Override
  public String toString() {
    return name + " (" + type + (defaultValue == null ? ", required" : ", default '" + defaultValue + "'") + ")"
        + (description.isEmpty() ? "" : ": " + description);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameter<?> p && p.name.equals(name) && p.type.equals(type)
        && Objects.equals(p.defaultValue, defaultValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, defaultValue);
  }

  static int parseInt(String s) {
    return Integer.parseInt(s.strip());
  }

  static long parseLong(String s) {
    return Long.parseLong(s.strip());
  }

  static double parseDouble(String s) {
    double d = Double.parseDouble(s.strip());
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not a finite number");
    }
    return d;
  }

  static boolean parseBoolean(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("neither true nor false");
    };
  }

  static Duration parseDuration(String s) {
    String t = s.strip();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    return Duration.parse(t);
  }
}
