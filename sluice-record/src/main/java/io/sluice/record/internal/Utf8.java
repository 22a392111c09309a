package io.sluice.record.internal;

/**
 * UTF-8 without decoding: validation, hashing and comparison of encoded bytes against Strings, and
 * encoding into a byte array, none of which allocates. A String's bytes here are what {@code
 * String.getBytes(UTF_8)} gives (a lone surrogate becomes {@code '?'}), so a String and its encoding
 * hash and compare equal.
 */
public final class Utf8 {
  private static final java.lang.invoke.VarHandle LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /**
   * The index of the first byte of the first malformed sequence in {@code b[off, off + len)}, or -1 if
   * it is all valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
   */
  public static int firstMalformed(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      // ASCII fast path: eight bytes at a time while none has its high bit set
      while (i + 8 <= end && ((long) LONG.get(b, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i >= end) {
        break;
      }
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      int n = sequenceLength(b, i, end);
      if (n <= 0) {
        return i;
      }
      i += n;
    }
    return -1;
  }

  /** How many bytes the malformed sequence at {@code b[at]} spans, for messages (at least 1, at most 4). */
  public static int malformedLength(byte[] b, int at, int end) {
    int lead = b[at] & 0xFF;
    if (lead < 0xC0 || lead > 0xF4) {
      return 1; // not a lead byte at all
    }
    int want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    int n = 1;
    while (n < want && at + n < end && (b[at + n] & 0xC0) == 0x80) {
      n++;
    }
    return n < want && at + n < end ? n + 1 : n; // with the byte that breaks the sequence
  }

  /** The length of the valid sequence starting with the non-ASCII byte {@code b[i]}, or 0 if malformed. */
  private static int sequenceLength(byte[] b, int i, int end) {
    int lead = b[i] & 0xFF;
    if (lead < 0xC2) {
      return 0; // a continuation byte, or an overlong 2-byte lead (C0, C1)
    }
    if (lead < 0xE0) {
      return i + 1 < end && (b[i + 1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (lead < 0xF0) {
      if (i + 2 >= end) {
        return 0;
      }
      int b1 = b[i + 1] & 0xFF;
      if ((b1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80) {
        return 0;
      }
      if (lead == 0xE0 && b1 < 0xA0) {
        return 0; // overlong
      }
      if (lead == 0xED && b1 >= 0xA0) {
        return 0; // a surrogate
      }
      return 3;
    }
    if (lead < 0xF5) {
      if (i + 3 >= end) {
        return 0;
      }
      int b1 = b[i + 1] & 0xFF;
      if ((b1 & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80) {
        return 0;
      }
      if ((lead == 0xF0 && b1 < 0x90) || (lead == 0xF4 && b1 >= 0x90)) {
        return 0; // overlong, or above U+10FFFF
      }
      return 4;
    }
    return 0;
  }

  /** {@code Arrays.hashCode} of the bytes {@code b[off, off + len)}. */
  public static int hash(byte[] b, int off, int len) {
    int h = 1;
    for (int i = off, end = off + len; i < end; i++) {
      h = 31 * h + b[i];
    }
    return h;
  }

  /** {@code Arrays.hashCode} of the UTF-8 bytes of {@code s}, without encoding it. */
  public static int hash(String s) {
    int h = 1;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        h = 31 * h + c;
      } else if (c < 0x800) {
        h = 31 * (31 * h + (byte) (0xC0 | c >> 6)) + (byte) (0x80 | c & 0x3F);
      } else if (Character.isSurrogate(c)) {
        int cp = codePointAt(s, i, n);
        if (cp < 0) {
          h = 31 * h + '?';
        } else {
          i++;
          h = 31 * h + (byte) (0xF0 | cp >> 18);
          h = 31 * h + (byte) (0x80 | cp >> 12 & 0x3F);
          h = 31 * h + (byte) (0x80 | cp >> 6 & 0x3F);
          h = 31 * h + (byte) (0x80 | cp & 0x3F);
        }
      } else {
        h = 31 * h + (byte) (0xE0 | c >> 12);
        h = 31 * h + (byte) (0x80 | c >> 6 & 0x3F);
        h = 31 * h + (byte) (0x80 | c & 0x3F);
      }
    }
    return h;
  }

  /** The number of bytes of {@code s} in UTF-8. */
  public static int encodedLength(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes++;
        } else if (Character.isSurrogate(c)) {
          if (codePointAt(s, i, n) >= 0) {
            bytes += 2; // 4 bytes for 2 chars
            i++;
          }
          // else '?': 1 byte
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /** Writes {@code s[from, to)} as UTF-8 at {@code dst[at]}; returns the index after it. {@code dst} must have room. */
  public static int encode(String s, int from, int to, byte[] dst, int at) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        dst[at++] = (byte) c;
      } else if (c < 0x800) {
        dst[at++] = (byte) (0xC0 | c >> 6);
        dst[at++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isSurrogate(c)) {
        int cp = i + 1 < to ? codePointAt(s, i, to) : -1;
        if (cp < 0) {
          dst[at++] = '?';
        } else {
          i++;
          dst[at++] = (byte) (0xF0 | cp >> 18);
          dst[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
          dst[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
          dst[at++] = (byte) (0x80 | cp & 0x3F);
        }
      } else {
        dst[at++] = (byte) (0xE0 | c >> 12);
        dst[at++] = (byte) (0x80 | c >> 6 & 0x3F);
        dst[at++] = (byte) (0x80 | c & 0x3F);
      }
    }
    return at;
  }

  /** Whether {@code s} encodes to exactly {@code b[off, off + len)}. */
  public static boolean equals(String s, byte[] b, int off, int len) {
    int n = s.length();
    if (n > len) {
      return false; // every char is at least one byte
    }
    int p = off;
    int end = off + len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (p >= end || b[p++] != (byte) c) {
          return false;
        }
        continue;
      }
      int cp = c;
      if (Character.isSurrogate(c)) {
        cp = codePointAt(s, i, n);
        if (cp < 0) {
          cp = '?';
        } else {
          i++;
        }
      }
      if (cp < 0x80) {
        if (p >= end || b[p++] != (byte) cp) {
          return false;
        }
      } else if (cp < 0x800) {
        if (p + 2 > end || b[p] != (byte) (0xC0 | cp >> 6) || b[p + 1] != (byte) (0x80 | cp & 0x3F)) {
          return false;
        }
        p += 2;
      } else if (cp < 0x10000) {
        if (p + 3 > end || b[p] != (byte) (0xE0 | cp >> 12) || b[p + 1] != (byte) (0x80 | cp >> 6 & 0x3F)
            || b[p + 2] != (byte) (0x80 | cp & 0x3F)) {
          return false;
        }
        p += 3;
      } else {
        if (p + 4 > end || b[p] != (byte) (0xF0 | cp >> 18) || b[p + 1] != (byte) (0x80 | cp >> 12 & 0x3F)
            || b[p + 2] != (byte) (0x80 | cp >> 6 & 0x3F) || b[p + 3] != (byte) (0x80 | cp & 0x3F)) {
          return false;
        }
        p += 4;
      }
    }
    return p == end;
  }

  /** The code point of the surrogate pair at {@code s[i]}, or -1 if {@code s[i]} is a lone surrogate. */
  private static int codePointAt(String s, int i, int end) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
      return Character.toCodePoint(c, s.charAt(i + 1));
    }
    return -1;
  }
}
