/** A {@link io.sluice.dedup.DedupStore} on DynamoDB: {@link io.sluice.dedup.dynamodb.DynamoDedupStore}. */
package io.sluice.dedup.dynamodb;
