package io.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Not part of Sluice: the emptiest Lambda handler, for {@link ColdStart}'s baseline row (the runtime
 * interface client with nothing of Sluice). A plain class, so it needs no jar but its own class file:
 * the client calls a public {@code (InputStream, OutputStream)} method by reflection as it calls a
 * {@code RequestStreamHandler}'s. It answers {@code {}}.
 */
public final class NoopFunction {
  /** The handler string. */
  public static final String HANDLER = "io.sluice.bench.NoopFunction::handleRequest";

  /** Reads the event and answers {@code {}}. */
  public void handleRequest(InputStream input, OutputStream output) throws IOException {
    input.readAllBytes();
    output.write(new byte[] {'{', '}'});
  }
}
