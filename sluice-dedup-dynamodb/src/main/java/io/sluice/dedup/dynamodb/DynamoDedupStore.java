package io.sluice.dedup.dynamodb;

import io.sluice.dedup.Claim;
import io.sluice.dedup.ClaimLostException;
import io.sluice.dedup.DedupException;
import io.sluice.dedup.DedupStore;
import io.sluice.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A {@link DedupStore} in a DynamoDB table: one item per key, claimed with a conditional {@code
 * PutItem} ({@code attribute_not_exists(pk) OR expires_at_ms <= :now ...}), so that writing a new key
 * and taking over an expired one are the same atomic request.
 *
 * <p>Items: {@code pk} (S, the table's partition key), {@code attempt} (S), {@code state} (S: {@code
 * IN_PROGRESS} or {@code DONE}), {@code expires_at_ms} (N: epoch milliseconds of this store's clock,
 * which decides expiry) and {@code ttl} (N: epoch seconds, one hour after {@code expires_at_ms}, for
 * DynamoDB's Time to Live to delete the item). TTL deletion is lazy (AWS: typically within a few
 * days), so it is housekeeping only: an item past {@code expires_at_ms} counts as absent whether or
 * not it was deleted. Enable TTL on the attribute {@code ttl} (the CloudFormation template of {@code
 * sluice deploy} does; {@link #createTable()} is for development and tests, and does not).
 *
 * <p>Reads are strongly consistent. Throttling and 5xx answers are retried by the SDK client's retry
 * strategy; what still fails comes out as a retryable {@link DedupException}. Thread-safe.
 */
public final class DynamoDedupStore implements DedupStore {
  /** The name of the epoch-seconds attribute to enable DynamoDB's Time to Live on. */
  public static final String TTL_ATTRIBUTE = "ttl";
  private static final Duration TTL_MARGIN = Duration.ofHours(1);
  private static final int MAX_ROUNDS = 16;

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;

  /** A store in {@code table}, through {@code client} (the caller owns and closes the client). */
  public DynamoDedupStore(DynamoDbClient client, String table, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException("a DynamoDB table name is 3 to 255 of A-Z a-z 0-9 _ . -, got: " + table);
    }
  }

  /**
   * Creates the table (on-demand capacity, partition key {@code pk}) if it does not exist, and waits
   * until it is active. Does not enable TTL (see the class comment).
   */
  public void createTable() {
    call("create table " + table, () -> {
      try {
        client.createTable(b -> b.tableName(table)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
            .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
      } catch (ResourceInUseException exists) {
        // already there
      }
      // Polled every second for as long as the SDK's default waiter (25 polls 20 s apart) would wait:
      // a new table is usually active within seconds, so the default's first 20 s sleep is mostly idle.
      client.waiter().waitUntilTableExists(b -> b.tableName(table),
          o -> o.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofSeconds(1))).maxAttempts(500));
      return null;
    });
  }

  @Override
  public Claim begin(String key, String attempt, Duration lease) {
    DedupStore.validate(key, attempt, lease);
    return call("claim key '" + key + "'", () -> {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        Instant now = clock.now();
        Instant until = now.plus(lease);
        try {
          client.putItem(b -> b.tableName(table)
              .item(item(key, attempt, "IN_PROGRESS", until))
              .conditionExpression("attribute_not_exists(pk) OR expires_at_ms <= :now "
                  + "OR (#state = :in_progress AND attempt = :attempt)")
              .expressionAttributeNames(Map.of("#state", "state"))
              .expressionAttributeValues(Map.of(
                  ":now", number(now.toEpochMilli()),
                  ":in_progress", string("IN_PROGRESS"),
                  ":attempt", string(attempt))));
          return new Claim(Claim.Status.ACQUIRED, attempt, until);
        } catch (ConditionalCheckFailedException held) {
          Optional<Claim> claim = read(key, now);
          if (claim.isPresent()) {
            return claim.get();
          }
          // released or expired since the put: claim again
        }
      }
      throw new DedupException("dedup key '" + key + "' changed " + MAX_ROUNDS + " times during one claim; try again",
          null, true);
    });
  }

  @Override
  public void complete(String key, String attempt, Duration retention) {
    DedupStore.validate(key, attempt, retention);
    call("complete key '" + key + "'", () -> {
      Instant until = clock.now().plus(retention);
      try {
        client.updateItem(b -> b.tableName(table)
            .key(Map.of("pk", string(key)))
            .updateExpression("SET #state = :done, expires_at_ms = :until, #ttl = :ttl")
            .conditionExpression("attempt = :attempt AND #state = :in_progress")
            .expressionAttributeNames(Map.of("#state", "state", "#ttl", TTL_ATTRIBUTE))
            .expressionAttributeValues(Map.of(
                ":done", string("DONE"),
                ":until", number(until.toEpochMilli()),
                ":ttl", number(ttlOf(until)),
                ":attempt", string(attempt),
                ":in_progress", string("IN_PROGRESS"))));
        return null;
      } catch (ConditionalCheckFailedException notHeld) {
        Map<String, AttributeValue> item = get(key);
        if (item == null) {
          throw ClaimLostException.notHeld(key, attempt, null);
        }
        String holder = item.get("attempt").s();
        Claim.Status status = item.get("state").s().equals("DONE") ? Claim.Status.DONE : Claim.Status.BUSY;
        if (holder.equals(attempt) && status == Claim.Status.DONE) {
          return null;
        }
        throw ClaimLostException.notHeld(key, attempt, new Claim(status, holder, expiresAt(item)));
      }
    });
  }

  @Override
  public void release(String key, String attempt) {
    DedupStore.validate(key, attempt, null);
    call("release key '" + key + "'", () -> {
      try {
        client.deleteItem(b -> b.tableName(table)
            .key(Map.of("pk", string(key)))
            .conditionExpression("attempt = :attempt AND #state = :in_progress")
            .expressionAttributeNames(Map.of("#state", "state"))
            .expressionAttributeValues(Map.of(":attempt", string(attempt), ":in_progress", string("IN_PROGRESS"))));
      } catch (ConditionalCheckFailedException notHeld) {
        // done, released, or another attempt's: nothing to give up
      }
      return null;
    });
  }

  @Override
  public Optional<Claim> lookup(String key) {
    DedupStore.validate(key, "lookup", null);
    return call("look up key '" + key + "'", () -> read(key, clock.now()));
  }

  private Optional<Claim> read(String key, Instant now) {
    Map<String, AttributeValue> item = get(key);
    if (item == null || !now.isBefore(expiresAt(item))) {
      return Optional.empty();
    }
    Claim.Status status = item.get("state").s().equals("DONE") ? Claim.Status.DONE : Claim.Status.BUSY;
    return Optional.of(new Claim(status, item.get("attempt").s(), expiresAt(item)));
  }

  private Map<String, AttributeValue> get(String key) {
    var response = client.getItem(b -> b.tableName(table).key(Map.of("pk", string(key))).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
  }

  private static Instant expiresAt(Map<String, AttributeValue> item) {
    return Instant.ofEpochMilli(Long.parseLong(item.get("expires_at_ms").n()));
  }

  private static Map<String, AttributeValue> item(String key, String attempt, String state, Instant until) {
    return Map.of(
        "pk", string(key),
        "attempt", string(attempt),
        "state", string(state),
        "expires_at_ms", number(until.toEpochMilli()),
        TTL_ATTRIBUTE, number(ttlOf(until)));
  }

  private static long ttlOf(Instant until) {
    return until.plus(TTL_MARGIN).getEpochSecond();
  }

  private static AttributeValue string(String s) {
    return AttributeValue.builder().s(s).build();
  }

  private static AttributeValue number(long n) {
    return AttributeValue.builder().n(Long.toString(n)).build();
  }

  private <T> T call(String what, java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (ResourceNotFoundException e) {
      throw new DedupException("the DynamoDB table " + table + " does not exist (could not " + what
          + "): deploy it (sluice deploy creates it) or call createTable()", e, false);
    } catch (DynamoDbException e) {
      int status = e.statusCode();
      boolean retryable = e.isThrottlingException() || status >= 500 || e.retryable();
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      throw new DedupException("DynamoDB refused to " + what + " in table " + table + " (" + code + ", HTTP " + status
          + "): " + e.getMessage(), e, retryable);
    } catch (SdkClientException e) {
      throw new DedupException("could not reach DynamoDB to " + what + " in table " + table + ": " + e.getMessage(), e, true);
    } catch (SdkException e) {
      throw new DedupException("could not " + what + " in DynamoDB table " + table + ": " + e.getMessage(), e, e.retryable());
    }
  }
}
