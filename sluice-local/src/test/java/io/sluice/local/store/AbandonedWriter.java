package io.sluice.local.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A writer in a process of its own, for {@link TemporaryAreaCleanupTest}: opens the store at {@code
 * args[0]}, writes 1 MiB to {@code args[1]} without finishing, says {@code written}, then commits when
 * it reads {@code commit} (and says {@code committed}), or waits to be killed.
 */
public final class AbandonedWriter {
  private AbandonedWriter() {}

  public static void main(String[] args) throws Exception {
    FileSystemObjectStore store = new FileSystemObjectStore(Path.of(args[0]));
    OutputStream out = store.create(args[1]);
    out.write(new byte[1 << 20]);
    out.flush();
    System.out.println("written");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if ("commit".equals(in.readLine())) {
      out.close();
      System.out.println("committed");
      System.out.flush();
    }
  }
}
