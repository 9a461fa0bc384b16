package dev.consent.policy;

import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lookup tables behind {@link PolicyBook#jurisdictionFor}: an array indexed by NANP area code
 * and a map by ISO region, so the hot path reads the number's area code and does one lookup. Where two
 * entries claim the same key, the later one wins (host additions come last).
 */
final class PolicyIndex {
  private static final int AREA_CODES = 1000;

  final Map<String, PolicyEntry> byId;
  private final Map<String, Jurisdiction> byRegion;
  private final @Nullable Jurisdiction[] byAreaCode;
  private final Jurisdiction fallback;

  private PolicyIndex(List<PolicyEntry> entries) {
    Map<String, PolicyEntry> ids = new LinkedHashMap<>();
    Map<String, Jurisdiction> regions = new HashMap<>();
    Jurisdiction[] codes = new Jurisdiction[AREA_CODES];
    Jurisdiction last = null;
    for (PolicyEntry e : entries) {
      ids.put(e.id(), e);
      e.regions().forEach(r -> regions.put(r, e.jurisdiction()));
      e.areaCodes().forEach(c -> codes[c] = e.jurisdiction());
      last = e.isDefault() ? e.jurisdiction() : last;
    }
    if (last == null) {
      throw new InvalidInputException("policy JSON: one jurisdiction must have \"match\": {\"default\": true}");
    }
    this.byId = Collections.unmodifiableMap(ids);
    this.byRegion = Map.copyOf(regions);
    this.byAreaCode = codes;
    this.fallback = last;
  }

  static PolicyIndex of(List<PolicyEntry> entries) {
    return new PolicyIndex(entries);
  }

  /** Rejects what a file must not contain: a repeated id, or a key claimed twice, or no default. */
  static void check(List<PolicyEntry> entries) {
    Map<String, String> claimed = new HashMap<>();
    int defaults = 0;
    for (PolicyEntry e : entries) {
      claim(claimed, "id " + e.id(), e.id());
      for (String r : e.regions()) {
        claim(claimed, "region " + r, e.id());
      }
      for (int c : e.areaCodes()) {
        claim(claimed, "area code " + c, e.id());
      }
      defaults += e.isDefault() ? 1 : 0;
    }
    if (defaults != 1) {
      throw new InvalidInputException(
          "policy JSON: exactly one jurisdiction must have \"match\": {\"default\": true}, found " + defaults);
    }
  }

  private static void claim(Map<String, String> claimed, String key, String id) {
    String before = claimed.putIfAbsent(key, id);
    if (before != null) {
      throw new InvalidInputException(
          "policy JSON: " + key + " is claimed by both " + before + " and " + id);
    }
  }

  /** The jurisdiction for a number: by NANP area code, else by region; allocation-free. */
  Jurisdiction lookup(PhoneNumber n) {
    int areaCode = n.nanpAreaCode();
    if (areaCode >= 0) {
      Jurisdiction j = byAreaCode[areaCode];
      if (j != null) {
        return j;
      }
    }
    Jurisdiction j = byRegion.get(n.region());
    return j == null ? fallback : j;
  }
}
