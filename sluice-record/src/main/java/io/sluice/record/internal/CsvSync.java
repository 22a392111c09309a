package io.sluice.record.internal;

import io.sluice.record.RecordSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * Finds a record boundary of CSV whose quoted fields may hold line breaks, from an arbitrary byte
 * offset, without knowing whether that offset is inside quotes: the idea of speculative parsing (Ge et
 * al., "Speculative Distributed CSV Data Parsing", SIGMOD 2021), made exact. The quoting automaton of
 * {@link CsvReader} is run from {@code offset} once from each of its states at once (six, seven with an
 * escape character: the byte after an escape inside quotes). When all runs
 * reach the same state, the state there is known whatever the state at {@code offset} was; the first
 * record end from there on is a true record boundary: {@link #sync}.
 *
 * <p>A reader of the range {@code [s, e)} reads the records starting in {@code [sync(s), sync(e))}. Both
 * ends are functions of the bytes alone, so neighbouring ranges agree on their common end; and {@code
 * sync} is monotone (runs started later, from all states, can only converge later), so the ranges read
 * every record exactly once. When the runs do not converge (a file with no quote after {@code s}: it could
 * all be inside one quoted field), {@code sync} is the end of the object: that range reads nothing and the
 * range before it reads on to the end. The scan is a byte loop, not parsing.
 */
public final class CsvSync {
  // states of CsvReader.readRecord, for boundaries only
  private static final int START = 0;
  private static final int UNQ = 1;
  private static final int Q = 2;
  private static final int QQ = 3;
  private static final int QCR = 4;
  private static final int SKIP = 5;
  private static final int ESC = 6;
  /** Set on a transition that ends a record. */
  private static final int END = 8;

  private CsvSync() {}

  /** The reader's transition on byte {@code c}; {@code esc} is the escape character, or -1 if quotes are doubled. */
  private static int step(int state, int c, int delim, int quote, int esc) {
    return switch (state) {
      case START -> c == quote ? Q : c == delim ? START : c == '\n' ? START | END : UNQ;
      case UNQ -> c == delim ? START : c == '\n' ? START | END : UNQ;
      case Q -> c == quote ? QQ : c == esc ? ESC : Q;
      case ESC -> Q;
      case QQ -> c == quote ? (esc < 0 ? Q : SKIP) : c == delim ? START : c == '\n' ? START | END : c == '\r' ? QCR : SKIP;
      case QCR -> c == '\n' ? START | END : SKIP;
      default -> c == '\n' ? START | END : SKIP;
    };
  }

  /**
   * The first record boundary that the runs from {@code offset} agree on: a byte offset greater than
   * {@code offset}, or the object's end (where the stream from {@code offset} ends) if there is none.
   * {@code escape} is the escape character inside quotes, or the quote itself if quotes are doubled.
   */
  public static long sync(RecordSource.Opener opener, long offset, char delimiter, char quote, char escape) throws IOException {
    int delim = delimiter;
    int q = quote;
    int esc = escape == quote ? -1 : escape;
    int states = esc < 0 ? ESC : ESC + 1;
    int[] runs = new int[states];
    for (int k = 0; k < states; k++) {
      runs[k] = k;
    }
    boolean converged = false;
    int state = START;
    long pos = offset;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = opener.open(offset)) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        for (int i = 0; i < n; i++) {
          int c = buf[i] & 0xFF;
          pos++;
          if (!converged) {
            int first = -1;
            boolean same = true;
            boolean ended = false;
            for (int k = 0; k < states; k++) {
              int t = step(runs[k], c, delim, q, esc);
              ended = (t & END) != 0;
              runs[k] = t & ~END;
              if (first < 0) {
                first = runs[k];
              } else if (runs[k] != first) {
                same = false;
              }
            }
            if (!same) {
              continue;
            }
            converged = true;
            state = first;
            if (ended) { // all runs ended a record on this byte (only a \n outside quotes does)
              return pos;
            }
            continue;
          }
          int t = step(state, c, delim, q, esc);
          if ((t & END) != 0) {
            return pos;
          }
          state = t;
        }
      }
    }
    return pos;
  }
}
