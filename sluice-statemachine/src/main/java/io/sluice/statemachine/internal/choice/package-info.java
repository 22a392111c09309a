/**
 * JSONPath Choice rules: comparisons ({@code StringEquals}, {@code NumericLessThanPath},
 * {@code IsPresent}, ...) and their {@code And}/{@code Or}/{@code Not} combinations. Parse a rule once
 * with {@link io.sluice.statemachine.internal.choice.ChoiceRule#parse} and evaluate it per execution.
 */
package io.sluice.statemachine.internal.choice;
