package io.sluice.statemachine.internal.choice;

/**
 * {@code StringMatches} patterns: {@code *} matches any run of characters (including none);
 * {@code \*} is a literal star and {@code \\} a literal backslash. Any other character, including a
 * backslash before anything else, stands for itself.
 */
final class WildcardPattern {
  private WildcardPattern() {}

  /** Whether {@code text} matches {@code pattern} as a whole. */
  static boolean matches(String pattern, String text) {
    // Tokenise: literal chars, with STAR marking an unescaped wildcard.
    int n = pattern.length();
    char[] lit = new char[n];
    boolean[] star = new boolean[n];
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < n && (pattern.charAt(i + 1) == '*' || pattern.charAt(i + 1) == '\\')) {
        lit[len++] = pattern.charAt(++i);
      } else if (c == '*') {
        star[len++] = true;
      } else {
        lit[len++] = c;
      }
    }
    // Greedy matching with backtracking to the last star (linear in practice).
    int t = 0;
    int p = 0;
    int starAt = -1;
    int resumeAt = 0;
    while (t < text.length()) {
      if (p < len && !star[p] && lit[p] == text.charAt(t)) {
        p++;
        t++;
      } else if (p < len && star[p]) {
        starAt = p++;
        resumeAt = t;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++resumeAt;
      } else {
        return false;
      }
    }
    while (p < len && star[p]) {
      p++;
    }
    return p == len;
  }
}
