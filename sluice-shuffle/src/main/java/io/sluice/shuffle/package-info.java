/**
 * Storage as shuffle: how tasks of one stage hand rows to tasks of the next through the object
 * store, never talking to each other.
 *
 * <p>A map task puts each row into one of {@code P} partitions ({@link KeyEncoder#hash} of its key,
 * or a range) with a {@link ShuffleWriter}, which keeps LZ4-compressed blocks of rows per partition
 * in memory, spills them to local disk past its budget, and at the end writes <em>one</em> object:
 * every partition's blocks in partition order, then a trailer with the {@link ShuffleIndex} (where
 * each partition starts, and its rows). The task returns the index with its result, so the driver
 * knows every partition's size without reading anything. A reduce task is given, per map output, the
 * byte range of its partitions (contiguous, so one ranged read per map output, and none where the
 * range is empty) and reads them with a {@link ShuffleReader}. Map outputs are the committed outputs
 * of their tasks, so a duplicate or failed attempt's bytes are never read. {@link ReducePlanner} cuts
 * the partitions into reduce tasks from their measured sizes and singles out a skewed partition.
 *
 * <p>Objects written: one per map task. Requests: one write per map task (multipart above the
 * store's part size) and at most one ranged read per (map output, reduce task) pair with data.
 */
package io.sluice.shuffle;
