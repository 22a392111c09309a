package io.sluice.pipeline.internal;

import java.util.Arrays;

/**
 * Groups by key bytes ({@link io.sluice.shuffle.KeyEncoder}): open addressing on the 64-bit hash,
 * each group numbered in order of first appearance, its key copied once. Not thread-safe.
 */
public final class GroupTable {
  private long[] hashes = new long[64];
  private int[] slots = new int[64]; // group + 1, 0 = empty
  private byte[][] keys = new byte[16][];
  private int size;
  private long keyBytes;

  /** The group of the key {@code key[0, len)} of hash {@code hash}, added if new. */
  public int find(byte[] key, int len, long hash) {
    int mask = slots.length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    while (true) {
      int s = slots[i];
      if (s == 0) {
        break;
      }
      if (hashes[i] == hash && Arrays.equals(keys[s - 1], 0, keys[s - 1].length, key, 0, len)) {
        return s - 1;
      }
      i = (i + 1) & mask;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
    }
    keys[size] = Arrays.copyOf(key, len);
    keyBytes += len + 16;
    slots[i] = size + 1;
    hashes[i] = hash;
    size++;
    if (size * 2 > slots.length) {
      rehash();
    }
    return size - 1;
  }

  /** Whether the table has the key, without adding it: its group, or -1. */
  public int get(byte[] key, int len, long hash) {
    int mask = slots.length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    while (true) {
      int s = slots[i];
      if (s == 0) {
        return -1;
      }
      if (hashes[i] == hash && Arrays.equals(keys[s - 1], 0, keys[s - 1].length, key, 0, len)) {
        return s - 1;
      }
      i = (i + 1) & mask;
    }
  }

  private void rehash() {
    long[] oldHashes = hashes;
    int[] oldSlots = slots;
    hashes = new long[oldSlots.length * 2];
    slots = new int[oldSlots.length * 2];
    int mask = slots.length - 1;
    for (int j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] == 0) {
        continue;
      }
      long h = oldHashes[j];
      int i = (int) (h ^ (h >>> 32)) & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = oldSlots[j];
      hashes[i] = h;
    }
  }

  /** The number of groups. */
  public int size() {
    return size;
  }

  /** About how many bytes the table holds (keys and slots). */
  public long bytes() {
    return keyBytes + 12L * slots.length + 8L * keys.length;
  }

  /** Forgets every group. */
  public void clear() {
    hashes = new long[64];
    slots = new int[64];
    keys = new byte[16][];
    size = 0;
    keyBytes = 0;
  }
}
