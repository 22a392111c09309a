package io.sluice.store;

import java.time.Instant;

/** What a listing or stat tells about one object. */
public record ObjectInfo(String key, long size, Instant lastModified) {}
