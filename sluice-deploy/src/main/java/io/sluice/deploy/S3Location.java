package io.sluice.deploy;

/** An {@code s3://bucket/prefix} location given on the command line. */
record S3Location(String bucket, String prefix) {
  static S3Location parse(String option, String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException(option + " takes an s3://bucket/prefix location, got: " + uri);
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(option + ": '" + bucket + "' is not an S3 bucket name (3 to 63 of a-z 0-9 . -)");
    }
    if (prefix.contains("*")) {
      throw new IllegalArgumentException(option + ": a prefix may not contain '*': " + uri);
    }
    return new S3Location(bucket, prefix);
  }
}
