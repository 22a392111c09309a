/**
 * The object store SPI: everything a run reads, writes and commits goes through {@link
 * io.sluice.store.ObjectStore}, which has S3's semantics (strongly consistent, whole objects only,
 * create-if-absent, versions with ETags). The directory store ({@code FileSystemObjectStore} in
 * sluice-local) implements it on a local directory; the AWS module implements it on S3. Every store
 * passes {@code ObjectStoreContract}, the abstract test in sluice-core's test-jar; {@code
 * docs/stores.md} says how a new store plugs in.
 *
 * <ul>
 *   <li>{@link io.sluice.store.ObjectKeys}: the key contract, shared by every store.
 *   <li>{@link io.sluice.store.ObjectWriter}: a writer that commits or aborts (a multipart upload).
 *   <li>{@link io.sluice.store.ListRequest} and {@link io.sluice.store.ObjectListing}: pages of a
 *       listing, with delimiters, common prefixes and continuation tokens.
 *   <li>{@link io.sluice.store.ObjectInfo}: a version of an object, with its ETag.
 *   <li>{@link io.sluice.store.ForwardingObjectStore}: the base of decorators.
 * </ul>
 *
 * <h2>Failures</h2>
 *
 * Every failure is a {@link io.sluice.store.StoreException}, and {@link
 * io.sluice.store.StoreException#retryable()} says what to do with it; callers ask it rather than test
 * classes. Retryable means that sending the same request again, after a back-off, may succeed (a
 * retryable failure of a write may also have taken effect); final means it fails the same way until
 * something else changes.
 *
 * <table>
 *   <caption>How failures are classified</caption>
 *   <tr><th>condition</th><th>S3</th><th>directory store</th><th>exception</th><th>retryable</th></tr>
 *   <tr><td>no such object</td><td>404 NoSuchKey</td><td>no regular file at the key</td>
 *       <td>{@link io.sluice.store.ObjectNotFoundException}</td><td>no</td></tr>
 *   <tr><td>pinned read of a replaced object</td><td>412 PreconditionFailed</td><td>ETag of the opened
 *       file differs</td><td>{@link io.sluice.store.PreconditionFailedException}</td><td>no</td></tr>
 *   <tr><td>permission refused</td><td>403 AccessDenied</td><td>{@code EACCES}, {@code EPERM}</td>
 *       <td>{@link io.sluice.store.AccessDeniedException}</td><td>no</td></tr>
 *   <tr><td>key breaks the key rules</td><td>refused before any request</td><td>same, plus a file
 *       name's 255-byte limit</td><td>{@link io.sluice.store.InvalidKeyException}</td><td>no</td></tr>
 *   <tr><td>object and prefix of one name</td><td>never</td><td>{@code a} and {@code a/b}</td>
 *       <td>{@link io.sluice.store.KeyConflictException}</td><td>no</td></tr>
 *   <tr><td>some keys of a bulk delete failed</td><td>DeleteObjects {@code Errors}</td><td>per-key
 *       delete failures</td><td>{@link io.sluice.store.BulkDeleteException}</td><td>if every failure
 *       is</td></tr>
 *   <tr><td>throttling, 5xx, reset connection, timeout</td><td>503 SlowDown, 500, 503, I/O</td>
 *       <td>-</td><td>{@link io.sluice.store.StoreException}</td><td>yes</td></tr>
 *   <tr><td>other I/O error, which may be transient</td><td>-</td><td>{@code EIO}, {@code ENOSPC}, a
 *       file that vanished mid-write, ...</td><td>{@link io.sluice.store.StoreException}</td>
 *       <td>yes</td></tr>
 *   <tr><td>a condition of the setup that a retry cannot change</td><td>no such bucket</td><td>a key
 *       the JVM's file name encoding cannot represent; a root that is a file</td><td>{@link
 *       io.sluice.store.StoreException}</td><td>no</td></tr>
 * </table>
 *
 * <p>Mistakes of the caller that no store is asked about are {@link IllegalArgumentException}s: a
 * negative range, {@code maxKeys} outside 1..1000, more than 1,000 keys to delete, a continuation token
 * of another listing.
 */
package io.sluice.store;
