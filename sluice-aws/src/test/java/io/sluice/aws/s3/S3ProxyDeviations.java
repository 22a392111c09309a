package io.sluice.aws.s3;

import java.util.Set;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Leaves out of {@link S3ProxyObjectStoreContractTest} the contract cases that S3Proxy 4.1.0 (transient
 * blob store) itself fails, so they are not run against this server (neither passed nor skipped). None
 * is about atomicity: the concurrency cases run. S3Proxy keeps objects as files of a (here in-memory)
 * file system, so an object cannot sit beside a prefix of the same name ({@code a} and {@code a/b}: the
 * second {@code PutObject} is a 500); its listings sort by UTF-16 rather than UTF-8 bytes; it refuses a
 * delimiter other than {@code /} (400); and a {@code StartAfter} inside a common prefix drops that
 * prefix from the listing. Each is pinned with the raw SDK in {@link S3ProxyConditionalWritesTest}, so
 * that the build notices when S3Proxy changes; then remove the case here. Registered through {@code
 * META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter}.
 */
public final class S3ProxyDeviations implements PostDiscoveryFilter {
  private static final Set<String> NOT_ON_S3PROXY = Set.of(
      // an object and a prefix of one name
      "listOrdersAnObjectBeforeTheKeysItPrefixes",
      "anObjectAndAPrefixOfTheSameNameCoexistOrConflictClearly",
      "aKeyConflictIsFinal",
      "pagingWithTokensMatchesASortedModel",
      // UTF-16 order
      "listReturnsKeysInUtf8ByteOrder",
      "listStartsStrictlyAfterStartAfterEvenWhenItIsNoKey",
      // a delimiter other than "/"
      "aDelimiterOtherThanSlashRollsUpAtItsFirstOccurrence",
      // StartAfter inside a common prefix
      "startAfterWorksWithADelimiter");

  @Override
  public FilterResult apply(TestDescriptor descriptor) {
    boolean contractOnS3Proxy = descriptor.getUniqueId().toString().contains("io.sluice.aws.s3.S3ProxyObjectStoreContractTest");
    if (contractOnS3Proxy && descriptor.getSource().orElse(null) instanceof MethodSource m
        && NOT_ON_S3PROXY.contains(m.getMethodName())) {
      return FilterResult.excluded("S3Proxy 4.1.0 does not behave as S3 here (see S3ProxyDeviations)");
    }
    return FilterResult.included("");
  }
}
