package io.sluice.driver;

/**
 * Where a Distributed Map round's items are: one JSON array of the round's {@link GroupRef}s, one per
 * executor, which the Map's {@code ItemReader} ({@code arn:aws:states:::s3:getObject}, {@code InputType
 * JSON}) reads from the store. The decision carries this instead of the references themselves, so its
 * payload stays a few hundred bytes at 10,000 executors.
 *
 * @param bucket the bucket of the items object, as the state machine's S3 integration sees the store
 * @param key its key in that bucket
 * @param count how many references it holds (the round's executors)
 */
public record RoundItems(String bucket, String key, int count) {}
