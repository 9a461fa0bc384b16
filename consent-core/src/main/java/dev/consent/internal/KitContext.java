package dev.consent.internal;

import dev.consent.Notice;
import dev.consent.OptInSettings;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.error.UnknownPurposeException;
import dev.consent.policy.KeywordClassifier;
import dev.consent.policy.PolicyBook;
import dev.consent.policy.ReplyTemplates;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.SmsCarrier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything a kit's services share, fixed at build time. Not API. */
public record KitContext(
    String tenant,
    ConsentStore store,
    SmsCarrier carrier,
    Clock clock,
    Map<String, Purpose> purposes,
    Map<String, Notice> notices,
    Map<String, List<Program>> programsBySender,
    Map<String, Program> programs,
    PolicyBook policies,
    KeywordClassifier keywords,
    ReplyTemplates replies,
    OptInSettings optIn,
    Writes writes) {

  public KitContext {
    // Configuration order matters (default replies, listing order): keep it.
    purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
    notices = Collections.unmodifiableMap(new LinkedHashMap<>(notices));
    programsBySender = Collections.unmodifiableMap(new LinkedHashMap<>(programsBySender));
    programs = Collections.unmodifiableMap(new LinkedHashMap<>(programs));
  }

  /** Builds the lookup tables from purposes and notices. */
  public static KitContext of(String tenant, ConsentStore store, SmsCarrier carrier, Clock clock, List<Purpose> purposeList,
      List<Notice> noticeList, PolicyBook policies, KeywordClassifier keywords, ReplyTemplates replies, OptInSettings optIn) {
    Map<String, Purpose> purposes = new LinkedHashMap<>();
    Map<String, Program> programs = new LinkedHashMap<>();
    Map<String, List<Program>> bySender = new LinkedHashMap<>();
    for (Purpose p : purposeList) {
      purposes.put(p.id(), p);
      Program known = programs.putIfAbsent(p.program().id(), p.program());
      if (known == null) {
        for (String s : p.program().senders()) {
          bySender.computeIfAbsent(s, k -> new ArrayList<>()).add(p.program());
        }
      }
    }
    bySender.replaceAll((k, v) -> List.copyOf(v));
    Map<String, Notice> notices = new LinkedHashMap<>();
    for (Notice n : noticeList) {
      notices.put(noticeKey(n.purposeId(), n.version()), n);
    }
    return new KitContext(tenant, store, carrier, clock, purposes, notices, bySender, programs, policies, keywords,
        replies, optIn, new Writes(store, null, clock));
  }

  /** This context with another write path (the change feed's). */
  public KitContext withWrites(Writes value) {
    return new KitContext(tenant, store, carrier, clock, purposes, notices, programsBySender, programs, policies,
        keywords, replies, optIn, value);
  }

  public static String noticeKey(String purposeId, String version) {
    return purposeId + "\u0000" + version;
  }

  public Purpose purpose(String id) {
    Purpose p = purposes.get(id);
    if (p == null) {
      throw new UnknownPurposeException(id);
    }
    return p;
  }

  public Optional<Notice> notice(String purposeId, String version) {
    return Optional.ofNullable(notices.get(noticeKey(purposeId, version)));
  }

  /** Purposes sent as one program, in configuration order. */
  public List<Purpose> purposesOf(Program program) {
    return purposes.values().stream().filter(p -> p.program().id().equals(program.id())).toList();
  }

  /** Programs that send from a sender id (several when a number is shared). */
  public List<Program> programsFor(String sender) {
    return programsBySender.getOrDefault(sender, List.of());
  }
}
