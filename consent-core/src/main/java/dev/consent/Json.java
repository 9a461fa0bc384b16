package dev.consent;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.consent.error.ConsentException;
import java.io.IOException;

/** JSON rendering of the library's records (proofs, exports): ISO instants, E.164 numbers. */
final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule("consent")
          .addSerializer(PhoneNumber.class, new StdSerializer<>(PhoneNumber.class) {
            @Override
            public void serialize(PhoneNumber value, JsonGenerator gen, SerializerProvider p) throws IOException {
              gen.writeString(value.e164());
            }
          })
          .addSerializer(Notice.class, new StdSerializer<>(Notice.class) {
            @Override
            public void serialize(Notice n, JsonGenerator gen, SerializerProvider p) throws IOException {
              gen.writeStartObject();
              gen.writeStringField("purposeId", n.purposeId());
              gen.writeStringField("version", n.version());
              gen.writeStringField("language", n.language());
              gen.writeStringField("text", n.text());
              gen.writeStringField("contentHash", n.contentHash());
              gen.writeEndObject();
            }
          })
          .addSerializer(ConsentReceipt.class,
              new StdSerializer<>(ConsentReceipt.class) {
                @Override
                public void serialize(ConsentReceipt r, JsonGenerator gen, SerializerProvider p)
                    throws IOException {
                  gen.writeTree(ReceiptRendering.tree(r));
                }
              }))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private Json() {}

  /** The shared, immutable-after-build mapper (thread-safe). */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ConsentException("could not render " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
