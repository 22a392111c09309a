package io.sluice.store;

import java.util.Comparator;

/**
 * The rules every object key and listing prefix follows, whatever the store, and the order in which
 * keys are listed.
 *
 * <p>A key is a non-empty, relative, {@code /}-separated path of at most {@value #MAX_KEY_BYTES} UTF-8
 * bytes. Its segments are non-empty and never {@code .} or {@code ..}; it holds no control character
 * (C0, DEL or C1), no backslash and no unpaired surrogate. These rules are stricter than S3's on
 * purpose: a key that passes them means the same thing on S3 and on a file system, and can never
 * escape a store's root.
 */
public final class ObjectKeys {
  /** S3's limit on a key's length. */
  public static final int MAX_KEY_BYTES = 1024;

  /** Keys in S3's listing order: by the unsigned bytes of their UTF-8 encoding. */
  public static final Comparator<String> UTF8_ORDER = ObjectKeys::compareUtf8;

  private ObjectKeys() {}

  /**
   * Checks {@code key} against the rules above.
   *
   * @throws InvalidKeyException saying which rule the key breaks, and where
   */
  public static void validateKey(String key) {
    if (key == null) {
      throw new InvalidKeyException(null, "a key is required");
    }
    if (key.isEmpty()) {
      throw new InvalidKeyException(key, "a key must not be empty");
    }
    checkCharactersAndLength(key);
    if (key.charAt(0) == '/') {
      throw new InvalidKeyException(key, "a key is relative and must not start with '/'");
    }
    if (key.charAt(key.length() - 1) == '/') {
      throw new InvalidKeyException(key, "a key names an object and must not end with '/'");
    }
    checkSegments(key, key);
  }

  /**
   * Checks a listing prefix: the same characters as a key, and its complete segments (those before
   * the last {@code /}) follow the key rules. The empty prefix lists everything; a prefix may end with
   * {@code /} or in the middle of a segment.
   *
   * @throws InvalidKeyException saying which rule the prefix breaks
   */
  public static void validatePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return;
    }
    checkCharactersAndLength(prefix);
    if (prefix.charAt(0) == '/') {
      throw new InvalidKeyException(prefix, "a prefix is relative and must not start with '/'");
    }
    int lastSlash = prefix.lastIndexOf('/');
    if (lastSlash >= 0) {
      checkSegments(prefix, prefix.substring(0, lastSlash));
    }
  }

  /** Whether {@code name} could be one segment of a valid key (no {@code /} in it). */
  public static boolean isValidSegment(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (problemAt(name, i) != null || name.charAt(i) == '/') {
        return false;
      }
      if (Character.isHighSurrogate(name.charAt(i))) {
        i++; // problemAt checked that the pair is complete
      }
    }
    return true;
  }

  /** The length of {@code s} in UTF-8 bytes (for strings without unpaired surrogates). */
  public static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * Compares by UTF-8 bytes without encoding: UTF-8 byte order is code point order, which differs
   * from {@link String#compareTo} (UTF-16 order) for characters above U+FFFF.
   */
  public static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void checkCharactersAndLength(String s) {
    for (int i = 0; i < s.length(); i++) {
      String problem = problemAt(s, i);
      if (problem != null) {
        throw new InvalidKeyException(s, problem);
      }
      if (Character.isHighSurrogate(s.charAt(i))) {
        i++; // problemAt checked that the pair is complete
      }
    }
    int bytes = utf8Length(s);
    if (bytes > MAX_KEY_BYTES) {
      throw new InvalidKeyException(
          s.substring(0, s.offsetByCodePoints(0, 40)) + "...", "it is " + bytes + " UTF-8 bytes long; the limit is " + MAX_KEY_BYTES);
    }
  }

  /** What is wrong with the character at {@code i}, or null if nothing. */
  private static String problemAt(String s, int i) {
    char c = s.charAt(i);
    if (Character.isISOControl(c)) {
      return String.format("control character U+%04X at index %d is not allowed", (int) c, i);
    }
    if (c == '\\') {
      return "backslash at index " + i + " is not allowed; keys separate segments with '/'";
    }
    if (Character.isHighSurrogate(c)) {
      if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        return null;
      }
      return "unpaired surrogate at index " + i + " is not valid Unicode";
    }
    if (Character.isLowSurrogate(c)) {
      return "unpaired surrogate at index " + i + " is not valid Unicode";
    }
    return null;
  }

  private static void checkSegments(String whole, String path) {
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String segment = path.substring(start, end);
      if (segment.isEmpty()) {
        throw new InvalidKeyException(whole, "empty segment at index " + start + " ('//' or a leading '/')");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidKeyException(whole, "'" + segment + "' segments are not allowed (index " + start + ")");
      }
      start = end + 1;
    }
  }
}
