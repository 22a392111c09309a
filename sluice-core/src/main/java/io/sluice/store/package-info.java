/**
 * The object store SPI: everything a run reads, writes and commits goes through {@link
 * io.sluice.store.ObjectStore}, which has S3's semantics (strongly consistent, whole objects only,
 * create-if-absent). {@link io.sluice.store.FileSystemObjectStore} implements it on a local directory;
 * the AWS module implements it on S3.
 */
package io.sluice.store;
