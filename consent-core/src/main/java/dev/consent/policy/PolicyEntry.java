package dev.consent.policy;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * One jurisdiction with what selects it: ISO regions, NANP area codes, or being the default for
 * numbers nothing else matches; and the zones to assume when a number's own zone is unknown.
 */
record PolicyEntry(
    Jurisdiction jurisdiction,
    Set<String> regions,
    Set<Integer> areaCodes,
    boolean isDefault,
    List<ZoneId> fallbackZones) {

  PolicyEntry {
    regions = Set.copyOf(regions);
    areaCodes = Set.copyOf(areaCodes);
    fallbackZones = List.copyOf(fallbackZones);
  }

  String id() {
    return jurisdiction.id();
  }

  PolicyEntry withJurisdiction(Jurisdiction j) {
    return new PolicyEntry(j, regions, areaCodes, isDefault, fallbackZones);
  }
}
