/**
 * The S3 object store: {@link io.sluice.aws.s3.S3ObjectStore} (the {@link io.sluice.store.ObjectStore}
 * on a bucket and key prefix, over AWS SDK v2 and the URL-connection HTTP client) and {@link
 * io.sluice.aws.s3.S3StoreProvider}, which opens {@code s3://bucket/prefix} locations for {@link
 * io.sluice.store.ObjectStores}. See {@code docs/stores.md}, section "The S3 store".
 */
package io.sluice.aws.s3;
