package dev.consent.internal.base;

import dev.consent.error.ConsentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The labels of consent receipts per language ({@code dev/consent/receipt/text/<lang>.properties}),
 * read once and cached, for the receipt's text rendering and for the texts a receipt carries. Not API.
 */
public final class ReceiptLabels {
  public static final String FALLBACK = "en";
  private static final String LABELS = "dev/consent/receipt/text/";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
  private static final Map<String, Properties> CACHE = new ConcurrentHashMap<>();

  private ReceiptLabels() {}

  /** Whether the library has receipt labels in {@code language}. */
  public static boolean hasLabels(String language) {
    return labels(language) != null;
  }

  /** The labels in {@code language}, else in English. */
  public static Properties labelsOrEnglish(String language) {
    Properties p = labels(language);
    return p != null ? p : labels(FALLBACK);
  }

  private static @Nullable Properties labels(String language) {
    String lang = language.toLowerCase(Locale.ROOT);
    int dash = lang.indexOf('-');
    String base = dash > 0 ? lang.substring(0, dash) : lang;
    if (!base.matches("[a-z]{2,3}")) {
      return null;
    }
    Properties p = CACHE.computeIfAbsent(base, ReceiptLabels::load);
    return p.isEmpty() ? null : p;
  }

  private static Properties load(String language) {
    Properties p = new Properties();
    try (InputStream in = ReceiptLabels.class.getClassLoader().getResourceAsStream(LABELS + language + ".properties")) {
      if (in != null) {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
          p.load(r);
        }
      }
    } catch (IOException e) {
      throw new ConsentException("could not read receipt labels for language " + language, e);
    }
    return p;
  }

  public static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> v : values.entrySet()) {
      out = out.replace("{" + v.getKey() + "}", v.getValue());
    }
    return out;
  }

  public static String day(Instant at) {
    return DAY.format(at);
  }
}
