package io.sluice.examples.demo;

/**
 * One parsed order line. {@link #parse} rejects malformed lines with a reason instead of throwing, so
 * a bad record is reported and skipped, never silently dropped.
 */
record OrderLine(String orderId, String tenantId, String day, String orderedAt, String sku, int quantity, long priceCents) {

  long revenueCents() {
    return quantity * priceCents;
  }

  /** The parsed line, or null with {@code why[0]} set to the reason. */
  static OrderLine parse(String line, String[] why) {
    String[] f = line.split(",", -1);
    if (f.length != 6) {
      why[0] = "expected 6 fields, got " + f.length;
      return null;
    }
    if (f[2].length() < 10) {
      why[0] = "bad ordered_at '" + f[2] + "'";
      return null;
    }
    int quantity;
    long cents;
    try {
      quantity = Integer.parseInt(f[4]);
      cents = parseCents(f[5]);
    } catch (NumberFormatException e) {
      why[0] = "bad number: " + e.getMessage();
      return null;
    }
    if (quantity <= 0) {
      why[0] = "quantity must be positive, got " + quantity;
      return null;
    }
    return new OrderLine(f[0], f[1], f[2].substring(0, 10), f[2], f[3], quantity, cents);
  }

  private static long parseCents(String price) {
    int dot = price.indexOf('.');
    if (dot < 0) {
      return Long.parseLong(price) * 100;
    }
    String frac = price.substring(dot + 1);
    if (frac.length() != 2) {
      throw new NumberFormatException("price '" + price + "' must have two decimals");
    }
    return Long.parseLong(price.substring(0, dot)) * 100 + Integer.parseInt(frac);
  }
}
