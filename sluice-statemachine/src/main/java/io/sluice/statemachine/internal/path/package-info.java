/**
 * JSONPath as Step Functions applies it: reading paths with Jayway JsonPath over Jackson trees ({@link
 * io.sluice.statemachine.internal.path.JsonPaths}), resolving {@code $}, {@code $$} and {@code $variable}
 * references ({@link io.sluice.statemachine.internal.path.References}), writing a result into the input
 * at a {@code ResultPath} ({@link io.sluice.statemachine.internal.path.ResultPaths}) and expanding payload
 * templates such as {@code Parameters} whose {@code .$} keys hold paths or intrinsic calls ({@link
 * io.sluice.statemachine.internal.path.PayloadTemplates}).
 */
package io.sluice.statemachine.internal.path;
