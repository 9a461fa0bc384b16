package dev.consent.policy;

import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The jurisdiction rules the gate applies, chosen by the recipient's number: quiet hours, frequency
 * caps and consent validity, each with its source. Loaded from a versioned JSON resource that
 * documents itself ({@link #defaults()}), or from the host's own file in the same format
 * ({@link #load(InputStream)}); the host can override or add a rule with {@link #with(Jurisdiction)}.
 *
 * <p>A US number is placed in a state by its area code, which is only a proxy for where the person
 * lives (the state laws presume it); a host that knows the state can look it up with {@link
 * #jurisdiction(String)}, and a host that knows the zone passes it to {@link #zonesFor}.
 *
 * <p>Immutable and thread-safe: every {@code with} returns a new book.
 *
 * <pre>{@code
 * PolicyBook book = PolicyBook.defaults();
 * Jurisdiction j = book.jurisdictionFor(number);                 // e.g. US-FL
 * Optional<Instant> wait = book.nextAllowed(j, book.zonesFor(number, null), clock.instant());
 * }</pre>
 *
 * @since 0.1
 */
public final class PolicyBook {
  /** The bundled resource, next to this class. */
  public static final String DEFAULT_RESOURCE = "jurisdictions/jurisdictions-v1.json";

  /** Every whole-hour UTC offset: when no zone is known, quiet hours must hold in all of them. */
  private static final List<ZoneId> EVERY_OFFSET = everyOffset();
  private static final Pattern REGION_ID = Pattern.compile("[A-Z]{2}");

  private final String version;
  private final List<PolicyEntry> entries;
  private final PolicyIndex index;
  private final ZoneOffsets offsets = new ZoneOffsets();

  private PolicyBook(String version, List<PolicyEntry> entries) {
    this.version = version;
    this.entries = List.copyOf(entries);
    this.index = PolicyIndex.of(this.entries);
  }

  /** The rules bundled with this library, from {@link #DEFAULT_RESOURCE}. */
  public static PolicyBook defaults() {
    try (InputStream in = PolicyBook.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource missing: " + DEFAULT_RESOURCE);
      }
      return load(in);
    } catch (IOException e) {
      throw new IllegalStateException("bundled resource unreadable: " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * Reads rules in the bundled format. The stream is read to its end but not closed.
   *
   * @throws InvalidInputException naming the offending field when the JSON is malformed, has an
   *     unknown key, a bad value, a repeated id, region or area code, or no default jurisdiction
   */
  public static PolicyBook load(InputStream json) {
    Checks.notNull(json, "json");
    PolicyReader.Contents contents = PolicyReader.read(json);
    return new PolicyBook(contents.version(), contents.entries());
  }

  /**
   * A book in which {@code override} replaces the jurisdiction with the same id, keeping what
   * selects it. A new id is added: a two-letter id ({@code "FR"}) then selects that region's
   * numbers; any other id is selected only through {@link #jurisdiction(String)} or {@link
   * #with(Jurisdiction, Collection, Collection)}.
   */
  public PolicyBook with(Jurisdiction override) {
    Checks.notNull(override, "override");
    PolicyEntry existing = index.byId.get(override.id());
    if (existing != null) {
      return replace(existing.withJurisdiction(override), false);
    }
    Set<String> regions = REGION_ID.matcher(override.id()).matches() ? Set.of(override.id()) : Set.of();
    return replace(new PolicyEntry(override, regions, Set.of(), false, List.of()), true);
  }

  /**
   * A book in which {@code jurisdiction} selects the numbers of these ISO regions and these NANP
   * area codes (three digits, e.g. {@code "512"}), taking them over from any other jurisdiction.
   * Zones to assume for a number of unknown zone are kept from a replaced jurisdiction of the same
   * id; otherwise quiet hours hold in every UTC offset until the host declares the zone.
   */
  public PolicyBook with(
      Jurisdiction jurisdiction, Collection<String> regions, Collection<String> nanpAreaCodes) {
    Checks.notNull(jurisdiction, "jurisdiction");
    PolicyEntry existing = index.byId.get(jurisdiction.id());
    List<ZoneId> zones = existing == null ? List.of() : existing.fallbackZones();
    boolean isDefault = existing != null && existing.isDefault();
    return replace(
        new PolicyEntry(jurisdiction, checkRegions(regions), checkAreaCodes(nanpAreaCodes), isDefault, zones),
        true);
  }

  private PolicyBook replace(PolicyEntry entry, boolean last) {
    List<PolicyEntry> out = new ArrayList<>(entries.size() + 1);
    for (PolicyEntry e : entries) {
      if (!e.id().equals(entry.id())) {
        out.add(e);
      } else if (!last) {
        out.add(entry);
      }
    }
    if (last) {
      out.add(entry);
    }
    return new PolicyBook(version, out);
  }

  /** The version of the rules, e.g. {@code "2026-11-1"}; log it with each decision. */
  public String version() {
    return version;
  }

  /** The jurisdiction with this id, e.g. {@code "US-FL"} for a host that knows the state. */
  public Optional<Jurisdiction> jurisdiction(String id) {
    PolicyEntry e = index.byId.get(id);
    return e == null ? Optional.empty() : Optional.of(e.jurisdiction());
  }

  /** Every jurisdiction in the book, in file order with host additions last. */
  public List<Jurisdiction> jurisdictions() {
    return entries.stream().map(PolicyEntry::jurisdiction).toList();
  }

  /**
   * The jurisdiction whose rules apply to {@code n}: by NANP area code, else by region, else the
   * default. Hot path: no parsing and no allocation.
   */
  public Jurisdiction jurisdictionFor(PhoneNumber n) {
    return index.lookup(n);
  }

  /**
   * The zones in which quiet hours must hold for {@code n}: the declared zone if any; else the
   * zones of the number's range; else the jurisdiction's fallback zones (e.g. every US zone). Never
   * empty when the jurisdiction has quiet hours: with nothing known it is every UTC offset, which
   * no daytime window fits, so nothing is sent until the host declares a zone (fail closed).
   */
  public List<ZoneId> zonesFor(PhoneNumber n, @Nullable ZoneId declared) {
    if (declared != null) {
      return List.of(declared);
    }
    if (!n.zones().isEmpty()) {
      return n.zones();
    }
    Jurisdiction j = jurisdictionFor(n);
    List<ZoneId> fallback = index.byId.get(j.id()).fallbackZones();
    if (!fallback.isEmpty() || !j.hasSendingHours()) {
      return fallback;
    }
    return EVERY_OFFSET;
  }

  /**
   * When a message may go under {@code j}'s quiet hours. Empty when it may go now in every zone;
   * otherwise the earliest instant at which local time is inside the window in all zones, or
   * {@link Instant#MAX} when the windows of these zones never overlap (never send).
   *
   * @throws InvalidInputException when {@code j} has quiet hours and {@code zones} is empty (use
   *     {@link #zonesFor}, which never returns an empty list then)
   */
  public Optional<Instant> nextAllowed(Jurisdiction j, List<ZoneId> zones, Instant now) {
    Checks.notNull(j, "jurisdiction");
    Checks.notNull(zones, "zones");
    Checks.notNull(now, "now");
    if (!j.hasSendingHours()) {
      return Optional.empty();
    }
    if (zones.isEmpty()) {
      throw new InvalidInputException("zones is empty for a jurisdiction with quiet hours");
    }
    WeeklyHours weekly = j.weeklyHours();
    if (weekly != null) {
      PolicyWindows.Hours hours = PolicyWindows.Hours.of(weekly);
      return PolicyWindows.allowedInAll(hours, zones, now) ? Optional.empty()
          : PolicyWindows.nextAllowed(hours, zones, now);
    }
    QuietHours hours = java.util.Objects.requireNonNull(j.quietHours());
    if (offsets.allowedInAll(hours, zones, now)) {
      return Optional.empty();
    }
    return PolicyWindows.nextAllowed(hours, zones, now);
  }

  private static Set<String> checkRegions(Collection<String> regions) {
    Checks.notNull(regions, "regions");
    for (String r : regions) {
      if (r == null || !REGION_ID.matcher(r).matches()) {
        throw new InvalidInputException("regions must be ISO 3166 alpha-2 codes such as FR");
      }
    }
    return Set.copyOf(regions);
  }

  private static Set<Integer> checkAreaCodes(Collection<String> codes) {
    Checks.notNull(codes, "nanpAreaCodes");
    List<Integer> out = new ArrayList<>();
    for (String c : codes) {
      if (c == null || !c.matches("[2-9][0-9]{2}")) {
        throw new InvalidInputException("nanpAreaCodes must be three digits such as 512");
      }
      out.add(Integer.parseInt(c));
    }
    return Set.copyOf(out);
  }

  private static List<ZoneId> everyOffset() {
    List<ZoneId> zones = new ArrayList<>();
    for (int hours = -12; hours <= 14; hours++) {
      zones.add(ZoneId.ofOffset("UTC", java.time.ZoneOffset.ofHours(hours)));
    }
    return List.copyOf(zones);
  }

  @Override
  public String toString() {
    return "PolicyBook[version=" + version + ", jurisdictions=" + entries.size() + "]";
  }
}
