/**
 * Functions with the shape of a Lambda handler: JSON bytes in, JSON bytes out, and a context that
 * tells the remaining time. The Driver and the Executor are such functions; the local runtime and the AWS Lambda
 * adapter both host them.
 */
package io.sluice.function;
