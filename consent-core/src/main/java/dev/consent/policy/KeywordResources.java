package dev.consent.policy;

import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** Reads the bundled UTF-8 {@code .properties} resources of this package. */
final class KeywordResources {
  private KeywordResources() {}

  /** The resource {@code dir/name.properties} under this package; a missing one is a broken jar. */
  static Properties load(String dir, String name) {
    String path = dir + "/" + name + ".properties";
    try (InputStream in = KeywordResources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new ConfigurationException("bundled resource dev/consent/policy/" + path + " is missing");
      }
      Properties properties = new Properties();
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      return properties;
    } catch (IOException e) {
      throw new ConfigurationException("bundled resource dev/consent/policy/" + path + " is unreadable", e);
    }
  }

  /** A BCP 47 tag in canonical case ({@code pt-BR}); anything else is refused. */
  static String languageTag(@Nullable String language) {
    Checks.notBlank(language, "language");
    String tag = Locale.forLanguageTag(language).toLanguageTag();
    if ("und".equals(tag) || !tag.equalsIgnoreCase(language)) {
      throw new InvalidInputException("language must be a BCP 47 tag such as en or pt-BR");
    }
    return tag;
  }

  /**
   * The comma-separated entries of {@code key}, trimmed, without empty ones and without their
   * source tags ({@code "STOPP [twilio]"} is {@code "STOPP"}).
   */
  static List<String> list(Properties properties, String key) {
    List<String> result = new ArrayList<>();
    for (Sourced item : sourced(properties, key)) {
      result.add(item.value());
    }
    return result;
  }

  /** One entry of a list and where it comes from. */
  record Sourced(String value, String source) {}

  /**
   * The entries of {@code key} with their sources. An entry may end with a tag in brackets, {@code
   * "STOPP [bronto]"}, naming the property {@code source.bronto} of the same file; an entry
   * without a tag takes the file's {@code source}. A tag that names no source is a broken file.
   */
  static List<Sourced> sourced(Properties properties, String key) {
    List<Sourced> result = new ArrayList<>();
    for (String item : properties.getProperty(key, "").split(",")) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String source = properties.getProperty("source", "");
      int open = trimmed.lastIndexOf('[');
      if (open > 0 && trimmed.endsWith("]")) {
        String tag = trimmed.substring(open + 1, trimmed.length() - 1).trim();
        String tagged = properties.getProperty("source." + tag);
        if (tagged == null || tagged.isBlank()) {
          throw new ConfigurationException("keyword list " + key + " names unknown source " + tag);
        }
        source = tagged.trim();
        trimmed = trimmed.substring(0, open).trim();
      }
      result.add(new Sourced(trimmed, source));
    }
    return result;
  }
}
