package io.sluice.local;

/** Receives {@link RunProgress} snapshots while a run goes on (from a background thread). */
@FunctionalInterface
public interface ProgressListener {
  void onProgress(RunProgress progress);

  static ProgressListener none() {
    return p -> {};
  }
}
