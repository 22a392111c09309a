package io.sluice.statemachine.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.internal.choice.ChoiceRule;
import java.util.List;

/**
 * One state of a definition. Each state type is a record; {@link Common} holds the fields every state
 * may have. Path fields use {@code "$"} when absent and {@code null} when the definition says {@code
 * null}. Fields that JSONata may compute ({@code {% %}} strings) keep their raw JSON value.
 */
public sealed interface StateDef
    permits StateDef.PassState,
        StateDef.TaskState,
        StateDef.ChoiceState,
        StateDef.WaitState,
        StateDef.SucceedState,
        StateDef.FailState,
        StateDef.ParallelState,
        StateDef.MapState {

  Common common();

  default String name() {
    return common().name();
  }

  default QueryLanguage queryLanguage() {
    return common().queryLanguage();
  }

  default boolean jsonata() {
    return common().queryLanguage() == QueryLanguage.JSONATA;
  }

  /**
   * The fields all states share.
   *
   * @param name the state's name
   * @param type the ASL type name ({@code Pass}, {@code Task}, ...)
   * @param queryLanguage the state's own, or the graph's default
   * @param next the next state, or null
   * @param end whether the state ends its graph
   * @param inputPath {@code InputPath} ({@code "$"} by default, null for JSON null)
   * @param outputPath {@code OutputPath} ({@code "$"} by default, null for JSON null)
   * @param assign {@code Assign}, or null
   * @param output {@code Output} (JSONata), or null
   */
  record Common(
      String name,
      String type,
      QueryLanguage queryLanguage,
      String next,
      boolean end,
      String inputPath,
      String outputPath,
      JsonNode assign,
      JsonNode output) {}

  /** {@code Type: Pass}. {@code result} is null when the state has no {@code Result}. */
  record PassState(Common common, JsonNode parameters, JsonNode result, String resultPath) implements StateDef {}

  /** {@code Type: Task}. */
  record TaskState(
      Common common,
      String resource,
      JsonNode parameters,
      JsonNode arguments,
      JsonNode resultSelector,
      String resultPath,
      JsonNode timeoutSeconds,
      String timeoutSecondsPath,
      JsonNode heartbeatSeconds,
      String heartbeatSecondsPath,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements StateDef {}

  /** {@code Type: Choice}. {@code defaultNext} is null when there is no {@code Default}. */
  record ChoiceState(Common common, List<ChoiceBranch> choices, String defaultNext) implements StateDef {}

  /**
   * One element of {@code Choices}: a JSONPath {@link ChoiceRule} or a JSONata {@code Condition}.
   *
   * @param rule the JSONPath rule, or null in JSONata states
   * @param condition the JSONata condition, or null in JSONPath states
   */
  record ChoiceBranch(ChoiceRule rule, JsonNode condition, String next, JsonNode assign, JsonNode output) {}

  /** {@code Type: Wait}: exactly one of the four ways to say how long. */
  record WaitState(Common common, JsonNode seconds, String secondsPath, JsonNode timestamp, String timestampPath)
      implements StateDef {}

  /** {@code Type: Succeed}. */
  record SucceedState(Common common) implements StateDef {}

  /** {@code Type: Fail}. */
  record FailState(Common common, JsonNode error, String errorPath, JsonNode cause, String causePath)
      implements StateDef {}

  /** {@code Type: Parallel}. */
  record ParallelState(
      Common common,
      List<StateGraph> branches,
      JsonNode parameters,
      JsonNode arguments,
      JsonNode resultSelector,
      String resultPath,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements StateDef {}

  /**
   * {@code Type: Map}, inline or distributed.
   *
   * @param itemSelector {@code ItemSelector}, or the legacy {@code Parameters}
   * @param itemReader the raw {@code ItemReader} block, or null
   * @param itemBatcher the raw {@code ItemBatcher} block, or null
   * @param resultWriter the raw {@code ResultWriter} block, or null
   */
  record MapState(
      Common common,
      StateGraph processor,
      boolean distributed,
      String itemsPath,
      JsonNode items,
      JsonNode itemSelector,
      JsonNode itemReader,
      JsonNode itemBatcher,
      JsonNode resultWriter,
      JsonNode maxConcurrency,
      String maxConcurrencyPath,
      JsonNode toleratedFailurePercentage,
      String toleratedFailurePercentagePath,
      JsonNode toleratedFailureCount,
      String toleratedFailureCountPath,
      JsonNode resultSelector,
      String resultPath,
      List<Retrier> retry,
      List<Catcher> catchers)
      implements StateDef {}
}
