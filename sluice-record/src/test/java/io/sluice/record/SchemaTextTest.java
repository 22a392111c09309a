package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link Schema#parse} and {@link Schema#toSql}: SQL type names as engines spell them, and back. */
class SchemaTextTest {
  @Test
  void parsesAColumnListWithSqlTypeNames() {
    Schema s = Schema.parse("id bigint not null, name string, price decimal(12,2), ts timestamp");
    assertThat(s).isEqualTo(Schema.builder()
        .required("id", FieldType.INT64)
        .optional("name", FieldType.STRING)
        .optional("price", FieldType.decimal(12, 2))
        .optional("ts", FieldType.TIMESTAMP)
        .build());
  }

  @Test
  void everySpellingMeansItsType() {
    String[][] cases = {
        {"string", "STRING"}, {"VARCHAR", "STRING"}, {"varchar(255)", "STRING"}, {"char(3)", "STRING"}, {"text", "STRING"},
        {"tinyint", "INT8"}, {"byte", "INT8"}, {"smallint", "INT16"}, {"short", "INT16"},
        {"int", "INT32"}, {"Integer", "INT32"}, {"bigint", "INT64"}, {"long", "INT64"},
        {"float", "FLOAT32"}, {"real", "FLOAT32"}, {"double", "FLOAT64"}, {"double precision", "FLOAT64"},
        {"boolean", "BOOLEAN"}, {"bool", "BOOLEAN"}, {"date", "DATE"}, {"time", "TIME"},
        {"timestamp", "TIMESTAMP"}, {"timestamp_ltz", "TIMESTAMP"}, {"timestamptz", "TIMESTAMP"},
        {"timestamp_ntz", "LOCAL_TIMESTAMP"}, {"binary", "BINARY"}, {"varbinary", "BINARY"}, {"bytes", "BINARY"},
        {"decimal(9,2)", "DECIMAL(9,2)"}, {"numeric( 38 , 0 )", "DECIMAL(38,0)"}, {"decimal(5)", "DECIMAL(5,0)"},
        {"decimal", "DECIMAL(10,0)"}, {"array<int>", "LIST<INT32>"}, {"map<string, bigint>", "MAP<STRING, INT64>"},
        {"struct<x: double, label string not null>", "STRUCT<x FLOAT64 NULL, label STRING>"},
        {"array<struct<a:int>>", "LIST<STRUCT<a INT32 NULL>>"},
    };
    for (String[] c : cases) {
      assertThat(FieldType.parse(c[0])).as(c[0]).hasToString(c[1]);
    }
  }

  @Test
  void namesMayBeDottedOrQuoted() {
    Schema s = Schema.parse("customer.city string, `order id` int, \"say \"\"hi\"\"\" string, `a``b` int");
    assertThat(s.names()).containsExactly("customer.city", "order id", "say \"hi\"", "a`b");
    assertThat(s.toSql()).isEqualTo("customer.city string, `order id` int, `say \"hi\"` string, `a``b` int");
  }

  @Test
  void printsTheSameSyntax() {
    Schema s = Schema.builder()
        .required("id", FieldType.INT64)
        .optional("at", FieldType.LOCAL_TIMESTAMP)
        .optional("m", FieldType.map(FieldType.STRING, FieldType.list(FieldType.decimal(12, 2))))
        .optional("p", FieldType.struct(Schema.builder().required("x", FieldType.FLOAT32).optional("y", FieldType.INT16).build()))
        .build();
    assertThat(s.toSql()).isEqualTo(
        "id bigint not null, at timestamp_ntz, m map<string, array<decimal(12,2)>>, p struct<x: float not null, y: smallint>");
    assertThat(Schema.parse(s.toSql())).isEqualTo(s);
  }

  @Test
  void anUnknownTypeIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> Schema.parse("id bigint, name strin"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("at character 17")
        .hasMessageContaining("unknown type 'strin'")
        .hasMessageContaining("known types: string, varchar")
        .hasMessageContaining("decimal(p,s)");
  }

  @Test
  void aDuplicateColumnIsNamed() {
    assertThatThrownBy(() -> Schema.parse("id bigint, name string, ID int, id int"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("Duplicate field name 'id' at positions 0 and 3");
  }

  @Test
  void aBadDecimalIsNamed() {
    assertThatThrownBy(() -> Schema.parse("price decimal(40,2)"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("bad decimal 'decimal(40,2)'")
        .hasMessageContaining("precision must be between 1 and 38, got 40");
    assertThatThrownBy(() -> Schema.parse("price decimal(4,5)"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("scale must be between 0 and the precision (4), got 5");
    assertThatThrownBy(() -> Schema.parse("price decimal(x)"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("expected a decimal precision, found 'x'");
  }

  @Test
  void malformedTextIsRefusedWhereItGoesWrong() {
    assertThatThrownBy(() -> Schema.parse("")).hasMessageContaining("a schema needs at least one column");
    assertThatThrownBy(() -> Schema.parse("id")).hasMessageContaining("expected a type at the end of the text");
    assertThatThrownBy(() -> Schema.parse("id int name string")).hasMessageContaining("expected ',' or the end of the schema, found 'n'");
    assertThatThrownBy(() -> Schema.parse("id int not nul")).hasMessageContaining("expected 'null' after 'not' (column 'id')");
    assertThatThrownBy(() -> Schema.parse("a array<int")).hasMessageContaining("expected '>' in array");
    assertThatThrownBy(() -> Schema.parse("a map<array<int>, int>")).hasMessageContaining("A map key must be a single value");
    assertThatThrownBy(() -> Schema.parse("`a int")).hasMessageContaining("unterminated quoted name");
    assertThatThrownBy(() -> Schema.parse("a struct<>")).hasMessageContaining("a struct needs at least one field");
  }

  @Property(tries = 500)
  void printedSchemasParseBackEqual(@ForAll("schemas") Schema schema) {
    assertThat(Schema.parse(schema.toSql())).isEqualTo(schema);
  }

  @Provide
  Arbitrary<Schema> schemas() {
    return schema(2);
  }

  private static Arbitrary<Schema> schema(int depth) {
    Arbitrary<Field> field = Combinators.combine(names(), type(depth), Arbitraries.of(true, false)).as(Field::new);
    return field.list().ofMinSize(1).ofMaxSize(6).map(fields -> {
      Set<String> seen = new HashSet<>();
      List<Field> unique = new ArrayList<>();
      for (Field f : fields) {
        if (seen.add(f.name())) {
          unique.add(f);
        }
      }
      return Schema.of(unique);
    });
  }

  private static Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6),
        Arbitraries.of("customer.city", "a_b", "_x", "select", "not", "null", "int"),
        Arbitraries.strings().withChars("ab `\"'.,:<>()é\t").ofMinLength(1).ofMaxLength(6));
  }

  private static Arbitrary<FieldType> type(int depth) {
    Arbitrary<FieldType> simple = Arbitraries.oneOf(
        Arbitraries.of(FieldType.STRING, FieldType.BINARY, FieldType.INT8, FieldType.INT16, FieldType.INT32, FieldType.INT64,
            FieldType.FLOAT32, FieldType.FLOAT64, FieldType.BOOLEAN, FieldType.DATE, FieldType.TIME, FieldType.TIMESTAMP,
            FieldType.LOCAL_TIMESTAMP),
        Arbitraries.integers().between(1, 38).flatMap(p -> Arbitraries.integers().between(0, p).map(s -> FieldType.decimal(p, s))));
    if (depth == 0) {
      return simple;
    }
    Arbitrary<FieldType> key = simple.filter(t -> t.kind() != FieldType.Kind.BINARY);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, simple),
        net.jqwik.api.Tuple.of(1, type(depth - 1).map(FieldType::list)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(key, type(depth - 1)).as(FieldType::map)),
        net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> schema(depth - 1)).map(FieldType::struct)));
  }
}
