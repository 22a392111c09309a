package io.sluice.examples.demo;

import io.sluice.record.CsvFormat;
import io.sluice.record.FieldType;
import io.sluice.record.Row;
import io.sluice.record.Schema;

/**
 * The demo's records: the order events it reads, the cleaned orders stage {@code clean} writes per
 * tenant, and the rejects. Malformed input (a wrong field count, a value not of its type) is reported by
 * the CSV reader; {@link #invalid} adds the demo's own rule.
 */
final class Orders {
  /** {@code order_id,tenant_id,ordered_at,sku,quantity,unit_price}, as {@link DemoData} writes them. */
  static final Schema INPUT = Schema.builder()
      .required("order_id", FieldType.STRING)
      .required("tenant_id", FieldType.STRING)
      .required("ordered_at", FieldType.TIMESTAMP)
      .required("sku", FieldType.STRING)
      .required("quantity", FieldType.INT32)
      .required("unit_price", FieldType.decimal(9, 2))
      .build();
  static final int ORDER_ID = INPUT.indexOf("order_id");
  static final int TENANT_ID = INPUT.indexOf("tenant_id");
  static final int ORDERED_AT = INPUT.indexOf("ordered_at");
  static final int SKU = INPUT.indexOf("sku");
  static final int QUANTITY = INPUT.indexOf("quantity");
  static final int UNIT_PRICE = INPUT.indexOf("unit_price");

  /** One cleaned order, in a tenant's partition: {@code order_id,day,sku,quantity,revenue_cents}. */
  static final Schema CLEANED = Schema.builder()
      .required("order_id", FieldType.STRING)
      .required("day", FieldType.DATE)
      .required("sku", FieldType.STRING)
      .required("quantity", FieldType.INT32)
      .required("revenue_cents", FieldType.INT64)
      .build();

  /** One row of the orders table: the input's columns, with the order's revenue instead of the unit price. */
  static final Schema TABLE = Schema.builder()
      .required("order_id", FieldType.STRING)
      .required("tenant_id", FieldType.STRING)
      .required("ordered_at", FieldType.TIMESTAMP)
      .required("sku", FieldType.STRING)
      .required("quantity", FieldType.INT32)
      .required("revenue", FieldType.decimal(18, 2))
      .build();

  /** One rejected record: {@code where} is {@code KEY@OFFSET}. */
  static final Schema REJECTS = Schema.builder()
      .required("where", FieldType.STRING)
      .required("reason", FieldType.STRING)
      .optional("record", FieldType.STRING)
      .build();

  /** One line of a tenant's revenue: {@code tenant_id,day,orders,units,revenue}. */
  static final Schema REVENUE = Schema.builder()
      .required("tenant_id", FieldType.STRING)
      .required("day", FieldType.DATE)
      .required("orders", FieldType.INT64)
      .required("units", FieldType.INT64)
      .required("revenue", FieldType.decimal(18, 2))
      .build();

  /** The input: a header, no line breaks inside fields, so objects can be cut at any byte. */
  static final CsvFormat INPUT_CSV = CsvFormat.builder().header(true).newlinesInQuotes(false).build();
  /** What the stages write: no header, one record per line. */
  static final CsvFormat OUTPUT_CSV = CsvFormat.builder().newlinesInQuotes(false).build();

  private Orders() {}

  /** Why a well-formed order is still rejected, or null. */
  static String invalid(Row order) {
    int quantity = order.getInt(QUANTITY);
    return quantity <= 0 ? "quantity must be positive, got " + quantity : null;
  }
}
