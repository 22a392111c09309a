package io.sluice.aws.ssm;

import java.util.Objects;

/**
 * A parameter's value that must not leak: {@link #toString()} shows its name only, so logging it,
 * or a record holding it, prints no secret. {@link #reveal()} is the one way to the text.
 */
public final class SecretValue {
  private final String name;
  private final String value;
  private final boolean secure;

  SecretValue(String name, String value, boolean secure) {
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
    this.secure = secure;
  }

  /** The parameter's name, e.g. {@code /sluice/demo/db-password}. */
  public String name() {
    return name;
  }

  /** Whether Parameter Store keeps it as a {@code SecureString}. */
  public boolean secure() {
    return secure;
  }

  /** The value itself: pass it straight to what needs it; never log or persist it. */
  public String reveal() {
    return value;
  }

  /** Equal when name and value are equal (compared, never shown). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue s && s.name.equals(name) && s.value.equals(value) && s.secure == secure;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name + "=****";
  }
}
