/**
 * The object store SPI: everything a run reads, writes and commits goes through {@link
 * io.sluice.store.ObjectStore}, which has S3's semantics (strongly consistent, whole objects only,
 * create-if-absent). {@link io.sluice.local.store.FileSystemObjectStore} implements it on a local directory;
 * the AWS module implements it on S3.
 *
 * <p>Failures are {@link io.sluice.store.StoreException}s; the specific ones say why: {@link
 * io.sluice.store.ObjectNotFoundException}, {@link io.sluice.store.InvalidKeyException}, and {@link
 * io.sluice.store.KeyConflictException} from stores that, unlike S3, cannot hold an object and a prefix
 * of the same name.
 */
package io.sluice.store;
