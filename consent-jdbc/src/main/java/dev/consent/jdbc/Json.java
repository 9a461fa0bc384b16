package dev.consent.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Evidence maps and pending opt-in lists as JSON text columns. */
final class Json {
  private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
  private final ObjectMapper mapper = new ObjectMapper();

  String write(Object value) {
    try {
      return mapper.writeValueAsString(value instanceof Map<?, ?> m && !(m instanceof SortedMap) ? new TreeMap<>(m) : value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string map or list always serialises", e);
    }
  }

  SortedMap<String, String> map(String json) throws SQLException {
    try {
      return mapper.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored JSON map is unreadable", "22000");
    }
  }

  List<String> list(String json) throws SQLException {
    try {
      return mapper.readValue(json, LIST);
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored JSON list is unreadable", "22000");
    }
  }
}
