package io.sluice.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.parquet.internal.Codecs;
import io.sluice.parquet.internal.ParquetOutput;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * Files shaped as Spark writes them. Spark itself is far too heavy for the test class path, so
 * parquet-java's example Group writer writes them with Spark's choices: INT96 timestamps
 * ({@code spark.sql.parquet.outputTimestampType=INT96}, its long-time default), decimals on
 * FIXED_LEN_BYTE_ARRAY of the fewest bytes, legacy lists ({@code writeLegacyFormat}: {@code repeated
 * group bag { optional array }}), and the two-level list older writers (parquet-avro) produce.
 */
class SparkShapedFilesTest {
  private static final MessageType SPARK = MessageTypeParser.parseMessageType("""
      message spark_schema {
        required int32 id;
        optional int96 ts;
        optional fixed_len_byte_array(5) price (DECIMAL(10,2));
        optional fixed_len_byte_array(16) big (DECIMAL(38,4));
        optional binary small_bin (DECIMAL(7,2));
        optional group tags (LIST) { repeated group bag { optional binary array (UTF8); } }
        optional group nums (LIST) { repeated int32 array; }
        optional int64 ts_millis (TIMESTAMP(MILLIS,true));
      }
      """);

  private static Binary int96(Instant t) {
    long days = Math.floorDiv(t.getEpochSecond(), 86_400L);
    long nanosOfDay = Math.floorMod(t.getEpochSecond(), 86_400L) * 1_000_000_000L + t.getNano();
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(nanosOfDay).putInt((int) (days + 2_440_588L));
    return Binary.fromConstantByteArray(b.array());
  }

  private static Binary fixed(BigDecimal v, int scale, int n) {
    byte[] raw = v.setScale(scale).unscaledValue().toByteArray();
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, 0, n - raw.length, (byte) (v.signum() < 0 ? 0xff : 0));
    System.arraycopy(raw, 0, out, n - raw.length, raw.length);
    return Binary.fromConstantByteArray(out);
  }

  @Test
  void sparkShapedFilesRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SimpleGroupFactory groups = new SimpleGroupFactory(SPARK);
    List<Instant> times = new ArrayList<>();
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new ParquetOutput(bytes, "spark"))
        .withConf(new PlainParquetConfiguration())
        .withType(SPARK)
        .withCodecFactory(Codecs.INSTANCE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      for (int k = 0; k < 300; k++) {
        Instant t = Instant.parse("1969-12-31T23:59:58.123456Z").plusSeconds(k * 3_607L).plusNanos(k * 1_000L);
        times.add(t);
        Group g = groups.newGroup().append("id", k);
        if (k % 10 != 3) {
          g.append("ts", int96(t));
          g.append("price", fixed(BigDecimal.valueOf(k * 1001L - 50_000, 2), 2, 5));
          g.append("big", fixed(new BigDecimal("-12345678901234567890123.4567").add(BigDecimal.valueOf(k)), 4, 16));
          g.append("small_bin", Binary.fromConstantByteArray(BigDecimal.valueOf(-k, 2).unscaledValue().toByteArray()));
          Group tags = g.addGroup("tags");
          for (int j = 0; j < k % 3; j++) {
            Group bag = tags.addGroup("bag");
            if (j != 1) {
              bag.append("array", "t" + j);
            }
          }
          Group nums = g.addGroup("nums");
          for (int j = 0; j < k % 4; j++) {
            nums.append("array", j * k);
          }
          g.append("ts_millis", t.toEpochMilli());
        }
        w.write(g);
      }
    }
    InputFile file = InputFile.of("spark.parquet", bytes.toByteArray());
    Schema schema = ParquetFormat.schemaOf(file);
    assertThat(schema.field("ts").type()).isEqualTo(FieldType.TIMESTAMP);
    assertThat(schema.field("price").type()).isEqualTo(FieldType.decimal(10, 2));
    assertThat(schema.field("tags").type()).isEqualTo(FieldType.list(FieldType.STRING));
    assertThat(schema.field("nums").type()).isEqualTo(FieldType.list(FieldType.INT32));
    List<Row> rows = new ArrayList<>();
    for (Split s : ParquetFormat.DEFAULT.splits(file, 1 << 20)) {
      try (RecordReader in = ParquetFormat.DEFAULT.reader(file, s, schema, ReadOptions.of(BadRecordPolicy.fail()))) {
        while (in.next()) {
          rows.add(in.row().copy());
        }
      }
    }
    assertThat(rows).hasSize(300);
    for (int k = 0; k < 300; k++) {
      Row r = rows.get(k);
      assertThat(r.getInt("id")).isEqualTo(k);
      if (k % 10 == 3) {
        assertThat(r.isNull("ts")).isTrue();
        assertThat(r.isNull("tags")).isTrue();
        continue;
      }
      assertThat(r.getTimestamp("ts")).isEqualTo(times.get(k));
      assertThat(r.getTimestamp("ts_millis")).isEqualTo(Instant.ofEpochMilli(times.get(k).toEpochMilli()));
      assertThat(r.getDecimal("price")).isEqualTo(BigDecimal.valueOf(k * 1001L - 50_000, 2));
      assertThat(r.getDecimal("big")).isEqualTo(new BigDecimal("-12345678901234567890123.4567").add(BigDecimal.valueOf(k)));
      assertThat(r.getDecimal("small_bin")).isEqualTo(BigDecimal.valueOf(-k, 2));
      List<Object> tags = new ArrayList<>();
      for (int j = 0; j < k % 3; j++) {
        tags.add(j == 1 ? null : "t" + j);
      }
      assertThat(r.getList("tags")).isEqualTo(tags);
      List<Object> nums = new ArrayList<>();
      for (int j = 0; j < k % 4; j++) {
        nums.add(j * k);
      }
      assertThat(r.getList("nums")).isEqualTo(nums);
    }
  }
}
