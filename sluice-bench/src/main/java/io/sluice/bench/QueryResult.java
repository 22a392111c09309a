package io.sluice.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a query's result as {@code scripts/bench-shuffle} compares them: column names, and rows of
 * values that are text ({@link String}), numbers ({@link BigDecimal}, exactly as the engine gave them:
 * a double as its shortest decimal form) or null. Every engine's process writes one as JSON
 * ({@code {"columns": [...], "rows": [[...], ...]}}, numbers as JSON numbers in plain notation), which is
 * how the harness reads DuckDB's and Spark's; Sluice's is read from its Parquet output ({@link #fromParquet}).
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  public QueryResult {
    columns = List.copyOf(columns);
    rows = rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList(); // values may be null
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("A row of " + r.size() + " values for " + columns.size() + " columns " + columns + ": " + r);
      }
    }
  }

  /** The rows of {@code rs}, each value {@linkplain #value normalised}. */
  public static QueryResult of(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      columns.add(md.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= columns.size(); i++) {
        row.add(value(rs.getObject(i)));
      }
      rows.add(row);
    }
    return new QueryResult(columns, rows);
  }

  /**
   * A value as a result holds it: null, a number as a {@link BigDecimal} (a double or float by its shortest
   * decimal form, {@link Double#toString}), anything else as its text.
   */
  public static Object value(Object v) {
    return switch (v) {
      case null -> null;
      case BigDecimal d -> d;
      case BigInteger i -> new BigDecimal(i);
      case Double d -> BigDecimal.valueOf(d);
      case Float f -> new BigDecimal(f.toString());
      case Long l -> BigDecimal.valueOf(l);
      case Integer i -> BigDecimal.valueOf(i);
      case Short s -> BigDecimal.valueOf(s);
      case Byte b -> BigDecimal.valueOf(b);
      default -> v.toString();
    };
  }

  /**
   * The rows of the Parquet data files under {@code dir} (at any depth, none under a directory whose name
   * starts with {@code _} or {@code .}, such as Sluice's {@code _sluice/}: {@link ParquetOutput#dataFiles}),
   * read by DuckDB in this process and ordered by {@code query}'s group keys; a Hive-style {@code key=value}
   * directory becomes a column, as DuckDB detects it. No data file is an error that names {@code dir}.
   */
  public static QueryResult fromParquet(Path dir, ShuffleQuery query) throws IOException, SQLException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no directory " + dir);
    }
    List<Path> files = ParquetOutput.dataFiles(dir);
    if (files.isEmpty()) {
      throw new IOException("no Parquet data file (*.parquet outside _ and . directories) under " + dir);
    }
    String list = "[" + String.join(", ", files.stream().map(f -> DuckDbConvert.literal(f.toAbsolutePath().toString())).toList()) + "]";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = 2");
      try (ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(" + list + ") ORDER BY " + String.join(", ", query.keys()))) {
        return of(rs);
      }
    }
  }

  /** Writes it to {@code file} as JSON. */
  public void writeJson(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode cols = root.putArray("columns");
    columns.forEach(cols::add);
    ArrayNode rowsNode = root.putArray("rows");
    for (List<Object> r : rows) {
      ArrayNode row = rowsNode.addArray();
      for (Object v : r) {
        switch (v) {
          case null -> row.addNull();
          case BigDecimal d -> row.add(d);
          default -> row.add(v.toString());
        }
      }
    }
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  /** Reads what {@link #writeJson} (or {@code SparkQueries}) wrote; a file of another shape is an error that names it. */
  public static QueryResult readJson(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    if (root == null || !root.path("columns").isArray() || !root.path("rows").isArray()) {
      throw new IOException(file + " is not a query result: it needs {\"columns\": [...], \"rows\": [[...], ...]}");
    }
    List<String> columns = new ArrayList<>();
    root.get("columns").forEach(n -> columns.add(n.asText()));
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode r : root.get("rows")) {
      if (!r.isArray()) {
        throw new IOException(file + ": row " + rows.size() + " is not an array: " + r);
      }
      List<Object> row = new ArrayList<>();
      for (JsonNode v : r) {
        row.add(v.isNull() ? null : v.isNumber() ? v.decimalValue() : v.asText());
      }
      rows.add(row);
    }
    try {
      return new QueryResult(columns, rows);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
