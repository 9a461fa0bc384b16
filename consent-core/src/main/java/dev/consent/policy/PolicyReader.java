package dev.consent.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.consent.FrequencyCap;
import dev.consent.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks the jurisdictions JSON. Strict on purpose: an unknown key is most likely a typo
 * that would silently drop a rule ("quiteHours"), so it is an error, as are duplicate keys.
 */
final class PolicyReader {
  static final int FORMAT_VERSION = 1;
  private static final Set<String> TOP =
      Set.of("format", "formatVersion", "version", "about", "notes", "sources", "holidays", "jurisdictions");
  private static final Set<String> ENTRY =
      Set.of("id", "name", "enabled", "confidence", "match", "quietHours", "weeklyHours", "frequencyCap",
          "consentValidity", "fallbackZones", "source", "notes");
  private static final Set<String> WEEKLY = Set.of("days", "holidays", "notes");
  private static final Set<String> HOLIDAYS = Set.of("fixed", "easterOffsets", "nthWeekdays", "observed", "source", "notes");
  private static final Set<String> NTH_WEEKDAY = Set.of("month", "day", "nth", "name");
  private static final Set<String> MATCH = Set.of("regions", "nanpAreaCodes", "default", "notes");
  private static final Set<String> HOURS = Set.of("start", "end");
  private static final Set<String> CAP = Set.of("max", "window", "scope");
  private static final Set<String> SOURCE = Set.of("citation", "urls", "notes");
  private static final Set<String> CONFIDENCE = Set.of("high", "medium", "low");
  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
  private static final Pattern AREA_CODE = Pattern.compile("[2-9][0-9]{2}");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,31}");

  /** What a file holds: its version and its enabled entries. */
  record Contents(String version, List<PolicyEntry> entries) {}

  private PolicyReader() {}

  static Contents read(InputStream in) {
    JsonNode root = parse(in);
    keys(root, TOP, "policy JSON");
    if (!root.path("formatVersion").isInt() || root.get("formatVersion").intValue() != FORMAT_VERSION) {
      throw bad("formatVersion must be " + FORMAT_VERSION);
    }
    String version = text(root, "version", "policy JSON");
    if (!VERSION.matcher(version).matches()) {
      throw bad("version must be 1-32 letters, digits, '.', '_' or '-'");
    }
    Map<String, String> sources = sources(root.path("sources"));
    Map<String, HolidayCalendar> holidays = holidays(root.path("holidays"), sources);
    JsonNode list = root.path("jurisdictions");
    if (!list.isArray() || list.isEmpty()) {
      throw bad("jurisdictions must be a non-empty array");
    }
    List<PolicyEntry> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "jurisdictions[" + i + "]";
      JsonNode node = list.get(i);
      try {
        PolicyEntry entry = entry(node, sources, holidays, where);
        if (bool(node, "enabled", true, where)) {
          entries.add(entry);
        }
      } catch (InvalidInputException e) {
        throw e.getMessage().startsWith("policy JSON") ? e : bad(where + ": " + e.getMessage());
      }
    }
    PolicyIndex.check(entries);
    return new Contents(version, List.copyOf(entries));
  }

  private static JsonNode parse(InputStream in) {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    try {
      JsonNode root = mapper.readTree(in);
      if (root == null || !root.isObject()) {
        throw bad("must be a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidInputException("policy JSON is malformed" + where, e);
    } catch (IOException e) {
      throw new InvalidInputException("policy JSON could not be read", e);
    }
  }

  private static Map<String, String> sources(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      throw bad("sources must be a non-empty object of citations");
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String where = "sources." + e.getKey();
      keys(e.getValue(), SOURCE, where);
      out.put(e.getKey(), text(e.getValue(), "citation", where));
    }
    return out;
  }

  /** Days such as {@code {"month": 5, "day": "MONDAY", "nth": -1, "name": "Memorial Day"}} (the last Monday of May). */
  private static List<HolidayCalendar.NthWeekday> nthWeekdays(JsonNode list, String where) {
    List<HolidayCalendar.NthWeekday> out = new ArrayList<>();
    if (list.isMissingNode()) {
      return out;
    }
    if (!list.isArray()) {
      throw bad(where + " must be an array of {month, day, nth}");
    }
    for (JsonNode n : list) {
      keys(n, NTH_WEEKDAY, where);
      if (!n.path("month").isInt() || !n.path("nth").isInt() || !n.path("day").isTextual()) {
        throw bad(where + " must hold a month (1-12), a day (MONDAY...) and an nth (1 to 4, or -1 for the last)");
      }
      try {
        out.add(new HolidayCalendar.NthWeekday(java.time.Month.of(n.path("month").intValue()),
            java.time.DayOfWeek.valueOf(n.path("day").textValue()), n.path("nth").intValue()));
      } catch (java.time.DateTimeException | IllegalArgumentException | InvalidInputException x) {
        throw bad(where + " must hold a month (1-12), a day (MONDAY...) and an nth (1 to 4, or -1 for the last)");
      }
    }
    return out;
  }

  private static Map<String, HolidayCalendar> holidays(JsonNode node, Map<String, String> sources) {
    Map<String, HolidayCalendar> out = new HashMap<>();
    if (node.isMissingNode()) {
      return out;
    }
    if (!node.isObject()) {
      throw bad("holidays must be an object of calendars");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String where = "holidays." + e.getKey();
      JsonNode c = e.getValue();
      keys(c, HOLIDAYS, where);
      String sourceKey = text(c, "source", where);
      String citation = sources.get(sourceKey);
      if (citation == null) {
        throw bad(where + ".source names no entry of sources");
      }
      List<java.time.MonthDay> fixed = new ArrayList<>();
      for (String day : strings(c.path("fixed"), null, where + ".fixed")) {
        try {
          fixed.add(java.time.MonthDay.parse("--" + day));
        } catch (DateTimeParseException x) {
          throw bad(where + ".fixed must hold days such as 07-14");
        }
      }
      List<Integer> offsets = new ArrayList<>();
      JsonNode list = c.path("easterOffsets");
      if (!list.isMissingNode()) {
        if (!list.isArray()) {
          throw bad(where + ".easterOffsets must be an array of day counts");
        }
        for (JsonNode o : list) {
          if (!o.isInt()) {
            throw bad(where + ".easterOffsets must be an array of day counts");
          }
          offsets.add(o.intValue());
        }
      }
      List<HolidayCalendar.NthWeekday> nth = nthWeekdays(c.path("nthWeekdays"), where + ".nthWeekdays");
      JsonNode observed = c.path("observed");
      if (!observed.isMissingNode() && !observed.isBoolean()) {
        throw bad(where + ".observed must be true or false");
      }
      try {
        out.put(e.getKey(), new HolidayCalendar(e.getKey(), fixed, offsets, nth, observed.asBoolean(false),
            sourceKey + ": " + citation));
      } catch (InvalidInputException x) {
        throw bad(where + ": " + x.getMessage());
      }
    }
    return out;
  }

  private static @Nullable WeeklyHours weekly(JsonNode node, Map<String, HolidayCalendar> holidays, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    keys(node, WEEKLY, where);
    JsonNode days = node.path("days");
    if (!days.isObject() || days.isEmpty()) {
      throw bad(where + ".days must name the days that allow sending, e.g. MONDAY");
    }
    Map<java.time.DayOfWeek, QuietHours> windows = new java.util.EnumMap<>(java.time.DayOfWeek.class);
    for (Map.Entry<String, JsonNode> d : days.properties()) {
      java.time.DayOfWeek day;
      try {
        day = java.time.DayOfWeek.valueOf(d.getKey());
      } catch (IllegalArgumentException x) {
        throw bad(where + ".days." + d.getKey() + " is not a day (MONDAY .. SUNDAY)");
      }
      if (!d.getValue().isObject()) {
        throw bad(where + ".days." + d.getKey() + " must be a window {start, end}");
      }
      windows.put(day, java.util.Objects.requireNonNull(hours(d.getValue(), where + ".days." + d.getKey())));
    }
    HolidayCalendar calendar = null;
    if (!node.path("holidays").isMissingNode()) {
      String id = text(node, "holidays", where);
      calendar = holidays.get(id);
      if (calendar == null) {
        throw bad(where + ".holidays names no entry of holidays");
      }
    }
    return new WeeklyHours(windows, calendar);
  }

  private static PolicyEntry entry(JsonNode node, Map<String, String> sources, Map<String, HolidayCalendar> holidays,
      String where) {
    keys(node, ENTRY, where);
    String sourceKey = text(node, "source", where);
    String citation = sources.get(sourceKey);
    if (citation == null) {
      throw bad(where + ".source names no entry of sources");
    }
    String confidence = node.path("confidence").asText("high");
    if (!CONFIDENCE.contains(confidence)) {
      throw bad(where + ".confidence must be high, medium or low");
    }
    Jurisdiction j =
        new Jurisdiction(
            text(node, "id", where),
            text(node, "name", where),
            hours(node.path("quietHours"), where + ".quietHours"),
            cap(node.path("frequencyCap"), where + ".frequencyCap"),
            duration(node.path("consentValidity"), where + ".consentValidity"),
            sourceKey + ": " + citation,
            weekly(node.path("weeklyHours"), holidays, where + ".weeklyHours"));
    JsonNode match = node.path("match");
    keys(match, MATCH, where + ".match");
    List<ZoneId> zones = zones(node.path("fallbackZones"), where + ".fallbackZones");
    if (j.hasSendingHours() && zones.isEmpty()) {
      throw bad(where + ".fallbackZones must list the region's zones when quietHours or weeklyHours is set");
    }
    return new PolicyEntry(
        j,
        strings(match.path("regions"), REGION, where + ".match.regions"),
        areaCodes(match.path("nanpAreaCodes"), where + ".match.nanpAreaCodes"),
        bool(match, "default", false, where + ".match"),
        zones);
  }

  private static @Nullable QuietHours hours(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    keys(node, HOURS, where);
    return new QuietHours(time(node, "start", where), time(node, "end", where));
  }

  private static @Nullable FrequencyCap cap(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    keys(node, CAP, where);
    if (!node.path("max").isInt()) {
      throw bad(where + ".max must be an integer");
    }
    if (!node.path("scope").asText("purpose").equals("purpose")) {
      throw bad(where + ".scope must be \"purpose\" (messages of one purpose count as one subject)");
    }
    Duration window = duration(node.path("window"), where + ".window");
    if (window == null) {
      throw bad(where + ".window is required");
    }
    return new FrequencyCap(node.get("max").intValue(), window);
  }

  private static @Nullable Duration duration(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    try {
      return Duration.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw bad(where + " must be an ISO-8601 duration in days or less, such as PT24H or P730D");
    }
  }

  private static LocalTime time(JsonNode node, String field, String where) {
    try {
      return LocalTime.parse(text(node, field, where));
    } catch (DateTimeParseException e) {
      throw bad(where + "." + field + " must be a local time such as 08:00");
    }
  }

  private static List<ZoneId> zones(JsonNode node, String where) {
    List<ZoneId> out = new ArrayList<>();
    for (String id : strings(node, null, where)) {
      try {
        out.add(ZoneId.of(id));
      } catch (DateTimeException e) {
        throw bad(where + " names an unknown time zone: " + id);
      }
    }
    return out;
  }

  private static Set<Integer> areaCodes(JsonNode node, String where) {
    Set<Integer> out = new LinkedHashSet<>();
    for (String code : strings(node, AREA_CODE, where)) {
      out.add(Integer.parseInt(code));
    }
    return out;
  }

  private static Set<String> strings(JsonNode node, @Nullable Pattern shape, String where) {
    if (node.isMissingNode()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw bad(where + " must be an array of strings");
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || (shape != null && !shape.matcher(item.textValue()).matches())) {
        throw bad(where + " has an invalid item: " + item);
      }
      if (!out.add(item.textValue())) {
        throw bad(where + " lists " + item.textValue() + " twice");
      }
    }
    return out;
  }

  private static boolean bool(JsonNode node, String field, boolean absent, String where) {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw bad(where + "." + field + " must be true or false");
    }
    return value.booleanValue();
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw bad(where + "." + field + " must be a non-empty string");
    }
    return value.textValue();
  }

  private static void keys(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw bad(where + " must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw bad(where + " has an unknown key \"" + key + "\" (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static InvalidInputException bad(String problem) {
    return new InvalidInputException(problem.startsWith("policy JSON") ? problem : "policy JSON: " + problem);
  }
}
