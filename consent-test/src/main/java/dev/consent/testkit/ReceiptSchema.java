package dev.consent.testkit;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.consent.ConsentReceipt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Schema consent-core ships for receipts ({@value ConsentReceipt#SCHEMA_RESOURCE}, draft
 * 2020-12), checked with the networknt validator: a module that uses the kit needs {@code
 * com.networknt:json-schema-validator} on its test class path.
 */
public final class ReceiptSchema {
  private static final Schema SCHEMA = load();

  private ReceiptSchema() {}

  private static Schema load() {
    try (InputStream in = ConsentReceipt.class.getClassLoader().getResourceAsStream(ConsentReceipt.SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new AssertionError("the receipt schema is not on the class path: " + ConsentReceipt.SCHEMA_RESOURCE);
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's complaints about {@code json} (empty when it is a valid receipt). */
  public static List<String> errors(String json) {
    return SCHEMA.validate(json, InputFormat.JSON).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }
}
