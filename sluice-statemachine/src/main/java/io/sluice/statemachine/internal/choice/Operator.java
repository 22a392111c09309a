package io.sluice.statemachine.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/** The comparison operators of JSONPath Choice rules (without their {@code Path} suffix). */
enum Operator {
  STRING_EQUALS("StringEquals", Kind.STRING),
  STRING_LESS_THAN("StringLessThan", Kind.STRING),
  STRING_GREATER_THAN("StringGreaterThan", Kind.STRING),
  STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING),
  STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING),
  STRING_MATCHES("StringMatches", Kind.STRING),
  NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC),
  NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC),
  NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC),
  BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN),
  TIMESTAMP_EQUALS("TimestampEquals", Kind.TIMESTAMP),
  TIMESTAMP_LESS_THAN("TimestampLessThan", Kind.TIMESTAMP),
  TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Kind.TIMESTAMP),
  TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Kind.TIMESTAMP),
  TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Kind.TIMESTAMP),
  IS_PRESENT("IsPresent", Kind.TYPE_TEST),
  IS_NULL("IsNull", Kind.TYPE_TEST),
  IS_STRING("IsString", Kind.TYPE_TEST),
  IS_NUMERIC("IsNumeric", Kind.TYPE_TEST),
  IS_BOOLEAN("IsBoolean", Kind.TYPE_TEST),
  IS_TIMESTAMP("IsTimestamp", Kind.TYPE_TEST);

  enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

  private static final Map<String, Operator> BY_NAME = new HashMap<>();

  static {
    for (Operator o : values()) {
      BY_NAME.put(o.jsonName, o);
    }
  }

  final String jsonName;
  final Kind kind;

  Operator(String jsonName, Kind kind) {
    this.jsonName = jsonName;
    this.kind = kind;
  }

  static Operator byName(String name) {
    return BY_NAME.get(name);
  }

  boolean acceptsLiteral(JsonNode operand) {
    return switch (kind) {
      case STRING, TIMESTAMP -> operand.isTextual();
      case NUMERIC -> operand.isNumber();
      case BOOLEAN, TYPE_TEST -> operand.isBoolean();
    };
  }

  /** Applies the operator; a value or operand of the wrong type makes it false. */
  boolean test(JsonNode value, JsonNode operand) {
    switch (kind) {
      case TYPE_TEST -> {
        return typeTest(value) == operand.booleanValue();
      }
      case STRING -> {
        if (!value.isTextual() || !operand.isTextual()) {
          return false;
        }
        if (this == STRING_MATCHES) {
          return WildcardPattern.matches(operand.textValue(), value.textValue());
        }
        return ordered(value.textValue().compareTo(operand.textValue()));
      }
      case NUMERIC -> {
        if (!value.isNumber() || !operand.isNumber()) {
          return false;
        }
        return ordered(value.decimalValue().compareTo(operand.decimalValue()));
      }
      case BOOLEAN -> {
        return value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
      }
      case TIMESTAMP -> {
        if (!value.isTextual() || !operand.isTextual()) {
          return false;
        }
        OffsetDateTime a = Timestamps.parse(value.textValue());
        OffsetDateTime b = Timestamps.parse(operand.textValue());
        if (a == null || b == null) {
          return false;
        }
        return ordered(a.toInstant().compareTo(b.toInstant()));
      }
      default -> throw new AssertionError(kind);
    }
  }

  private boolean typeTest(JsonNode value) {
    return switch (this) {
      case IS_NULL -> value.isNull();
      case IS_STRING -> value.isTextual();
      case IS_NUMERIC -> value.isNumber();
      case IS_BOOLEAN -> value.isBoolean();
      case IS_TIMESTAMP -> value.isTextual() && Timestamps.parse(value.textValue()) != null;
      default -> throw new AssertionError(this);
    };
  }

  private boolean ordered(int cmp) {
    return switch (this) {
      case STRING_EQUALS, NUMERIC_EQUALS, TIMESTAMP_EQUALS -> cmp == 0;
      case STRING_LESS_THAN, NUMERIC_LESS_THAN, TIMESTAMP_LESS_THAN -> cmp < 0;
      case STRING_GREATER_THAN, NUMERIC_GREATER_THAN, TIMESTAMP_GREATER_THAN -> cmp > 0;
      case STRING_LESS_THAN_EQUALS, NUMERIC_LESS_THAN_EQUALS, TIMESTAMP_LESS_THAN_EQUALS -> cmp <= 0;
      case STRING_GREATER_THAN_EQUALS, NUMERIC_GREATER_THAN_EQUALS, TIMESTAMP_GREATER_THAN_EQUALS -> cmp >= 0;
      default -> throw new AssertionError(this);
    };
  }
}
