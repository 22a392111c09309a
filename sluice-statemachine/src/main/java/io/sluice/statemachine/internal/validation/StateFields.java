package io.sluice.statemachine.internal.validation;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which fields each state type takes under each query language, after the Amazon States Language
 * specification and the Step Functions documentation of JSONata states.
 */
final class StateFields {
  private StateFields() {}

  static final String JSONPATH = "JSONPath";
  static final String JSONATA = "JSONata";

  static final Set<String> TYPES =
      Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

  /** Fields that only JSONPath states have; a JSONata state uses Arguments and Output instead. */
  static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "Parameters", "ResultSelector",
      "ResultPath", "OutputPath", "ItemsPath", "Result", "SecondsPath", "TimestampPath",
      "TimeoutSecondsPath", "HeartbeatSecondsPath", "ErrorPath", "CausePath", "MaxConcurrencyPath",
      "ToleratedFailureCountPath", "ToleratedFailurePercentagePath");

  /** Fields that only JSONata states have. */
  static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Condition", "Items");

  private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
  private static final Set<String> FLOW = Set.of("Next", "End");
  private static final Set<String> ERRORS = Set.of("Retry", "Catch");

  private static final Map<String, Set<String>> JSONPATH_FIELDS = Map.of(
      "Pass", of(FLOW, Set.of("InputPath", "OutputPath", "Parameters", "Result", "ResultPath",
          "Assign")),
      "Task", of(FLOW, ERRORS, Set.of("InputPath", "OutputPath", "Resource", "Parameters",
          "Credentials", "ResultSelector", "ResultPath", "TimeoutSeconds", "TimeoutSecondsPath",
          "HeartbeatSeconds", "HeartbeatSecondsPath", "Assign")),
      "Choice", of(Set.of("InputPath", "OutputPath", "Choices", "Default", "Assign")),
      "Wait", of(FLOW, Set.of("InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp",
          "TimestampPath", "Assign")),
      "Succeed", of(Set.of("InputPath", "OutputPath")),
      "Fail", of(Set.of("Error", "ErrorPath", "Cause", "CausePath")),
      "Parallel", of(FLOW, ERRORS, Set.of("InputPath", "OutputPath", "Branches", "Parameters",
          "ResultSelector", "ResultPath", "Assign")),
      "Map", of(FLOW, ERRORS, Set.of("InputPath", "OutputPath", "ItemsPath", "ItemSelector",
          "Parameters", "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher", "ResultWriter",
          "ResultSelector", "ResultPath", "MaxConcurrency", "MaxConcurrencyPath",
          "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
          "ToleratedFailurePercentagePath", "Label", "Assign")));

  private static final Map<String, Set<String>> JSONATA_FIELDS = Map.of(
      "Pass", of(FLOW, Set.of("Output", "Assign")),
      "Task", of(FLOW, ERRORS, Set.of("Resource", "Arguments", "Credentials", "Output",
          "TimeoutSeconds", "HeartbeatSeconds", "Assign")),
      "Choice", of(Set.of("Choices", "Default", "Output", "Assign")),
      "Wait", of(FLOW, Set.of("Seconds", "Timestamp", "Output", "Assign")),
      "Succeed", of(Set.of("Output")),
      "Fail", of(Set.of("Error", "Cause")),
      "Parallel", of(FLOW, ERRORS, Set.of("Branches", "Arguments", "Output", "Assign")),
      "Map", of(FLOW, ERRORS, Set.of("Items", "ItemSelector", "ItemProcessor", "Iterator",
          "ItemReader", "ItemBatcher", "ResultWriter", "MaxConcurrency", "ToleratedFailureCount",
          "ToleratedFailurePercentage", "Label", "Output", "Assign")));

  static boolean allowed(String type, String language, String field) {
    return (language.equals(JSONATA) ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type).contains(field);
  }

  /** Why a field that is not allowed was refused, in words that say what to do instead. */
  static String whyNotAllowed(String type, String language, String field) {
    String other = language.equals(JSONATA) ? JSONPATH : JSONATA;
    boolean otherLanguageHasIt =
        (other.equals(JSONATA) ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type).contains(field);
    if (otherLanguageHasIt && language.equals(JSONATA)) {
      return "'" + field + "' is a JSONPath field; this " + type + " state's query language is"
          + " JSONata, which uses Arguments, Output and {% %} expressions instead";
    }
    if (otherLanguageHasIt) {
      return "'" + field + "' is a JSONata field; this " + type + " state's query language is"
          + " JSONPath (set \"QueryLanguage\": \"JSONata\" to use it)";
    }
    boolean knownElsewhere = Stream.of(JSONPATH_FIELDS, JSONATA_FIELDS)
        .anyMatch(table -> table.values().stream().anyMatch(fields -> fields.contains(field)));
    if (knownElsewhere) {
      return "a " + type + " state cannot have the field '" + field + "'";
    }
    return "unknown field '" + field + "' in a " + type + " state";
  }

  @SafeVarargs
  private static Set<String> of(Set<String>... parts) {
    return Stream.concat(Stream.of(COMMON), Stream.of(parts))
        .flatMap(Set::stream)
        .collect(Collectors.toUnmodifiableSet());
  }
}
