package dev.consent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.internal.base.ReceiptLabels;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** JSON and plain-text rendering of consent receipts (the labels per language are {@link ReceiptLabels}). */
final class ReceiptRendering {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReceiptRendering() {}

  /** The DPV term of a GDPR Art. 6(1) basis. */
  static String dpvBasis(LawfulBasis basis) {
    return switch (basis) {
      case CONSENT -> "dpv-gdpr:A6-1-a";
      case CONTRACT -> "dpv-gdpr:A6-1-b";
      case LEGAL_OBLIGATION -> "dpv-gdpr:A6-1-c";
      case LEGITIMATE_INTEREST -> "dpv-gdpr:A6-1-f";
    };
  }

  static String json(ConsentReceipt r) {
    return Json.write(tree(r));
  }

  /** The receipt as a JSON tree (as {@link #json} writes it, and exports embed it). */
  static ObjectNode tree(ConsentReceipt r) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schemaVersion", ConsentReceipt.SCHEMA_VERSION);
    root.put("receiptId", r.receiptId());
    root.put("issuedAt", r.issuedAt().toString());
    root.put("tenant", r.tenant());
    root.put("jurisdiction", r.jurisdiction());
    root.put("language", r.language());
    root.put("consentTimestamp", r.consentTime().toString());
    root.put("eventId", r.eventId());
    ObjectNode ledger = root.putObject("ledger");
    ledger.put("eventHash", r.eventHash());
    ledger.put("verified", r.ledgerVerified());
    root.putObject("subject").put("pseudonymousId", r.subjectId());
    ObjectNode controller = root.putObject("controller");
    controller.put("name", r.controller().name());
    controller.put("contact", r.controller().contact());
    controller.put("policyUrl", r.controller().policyUrl());
    ObjectNode notice = root.putObject("notice");
    notice.put("version", r.noticeVersion());
    notice.put("contentHash", r.noticeHash());
    ObjectNode program = root.putObject("program");
    program.put("name", r.programName());
    program.put("sender", r.sender());
    ObjectNode purpose = root.putObject("purpose");
    purpose.put("id", r.purposeId());
    purpose.put("description", r.purposeDescription());
    purpose.put("category", r.purposeCategory());
    purpose.put("lawfulBasis", r.lawfulBasis().name());
    purpose.put("lawfulBasisTerm", dpvBasis(r.lawfulBasis()));
    root.put("consentType", r.consentType());
    ArrayNode data = root.putArray("dataCategories");
    r.dataCategories().forEach(data::add);
    ConsentReceipt.CollectionMethod c = r.collection();
    ObjectNode collection = root.putObject("collectionMethod");
    collection.put("method", c.method().name());
    collection.put("channel", c.channel().name());
    collection.put("doubleOptIn", c.isDoubleOptIn());
    collection.put("requestId", c.requestId());
    collection.put("confirmationText", c.confirmationText());
    collection.put("confirmationSentAt", c.confirmationSentAt() == null ? null : c.confirmationSentAt().toString());
    collection.put("reply", c.reply());
    ArrayNode ids = collection.putArray("carrierMessageIds");
    c.carrierMessageIds().forEach(ids::add);
    ObjectNode evidence = collection.putObject("evidence");
    c.evidence().forEach(evidence::put);
    collection.put("evidenceErased", c.evidenceErased());
    root.put("termination", r.termination());
    root.put("withdrawalMethod", r.withdrawalMethod());
    root.put("thirdPartyDisclosure", r.thirdPartyDisclosure());
    ArrayNode processors = root.putArray("processors");
    r.processors().forEach(processors::add);
    ObjectNode status = root.putObject("status");
    status.put("term", r.status().dpv());
    status.put("since", r.statusSince().toString());
    root.put("retentionPeriod", r.retention() == null ? null : iso(r.retention()));
    return root;
  }

  /** ISO-8601, in days when whole days ({@code P1095D}, not {@code PT26280H}). */
  static String iso(java.time.Duration d) {
    return d.toSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
  }

  public static String text(ConsentReceipt r) {
    Properties l = ReceiptLabels.labelsOrEnglish(r.language());
    StringBuilder b = new StringBuilder();
    line(b, l, "title", r.receiptId());
    line(b, l, "controller", r.controller().name() + ", " + r.controller().contact());
    line(b, l, "policy", r.controller().policyUrl());
    line(b, l, "purpose", r.purposeDescription() + " (" + r.programName() + ", " + r.sender() + ")");
    line(b, l, "given", WHEN.format(r.consentTime()));
    ConsentReceipt.CollectionMethod c = r.collection();
    line(b, l, "method", l.getProperty("method." + c.method().name(), c.method().name()));
    if (c.confirmationText() != null) {
      line(b, l, "sent", "\"" + c.confirmationText() + "\""
          + (c.confirmationSentAt() == null ? "" : " (" + WHEN.format(c.confirmationSentAt()) + ")"));
    }
    if (c.reply() != null) {
      line(b, l, "replied", "\"" + c.reply() + "\"");
    }
    if (!c.carrierMessageIds().isEmpty()) {
      line(b, l, "carrierIds", String.join(", ", c.carrierMessageIds()));
    }
    if (r.noticeVersion() != null) {
      line(b, l, "notice", r.noticeVersion() + (r.noticeHash() == null ? "" : " (SHA-256 " + r.noticeHash() + ")"));
    }
    line(b, l, "basis", l.getProperty("basis." + r.lawfulBasis().name()));
    line(b, l, "data", l.getProperty("dataValue"));
    line(b, l, "thirdParties", l.getProperty("thirdPartiesValue"));
    line(b, l, "termination", r.termination());
    line(b, l, "withdraw", r.withdrawalMethod());
    line(b, l, "status", l.getProperty("status." + r.status().name()) + " " + l.getProperty("since") + " "
        + WHEN.format(r.statusSince()));
    line(b, l, "retention", r.retention() == null ? l.getProperty("notSet")
        : ReceiptLabels.fill(l.getProperty("retentionDays"), Map.of("days", String.valueOf(r.retention().toDays()))));
    line(b, l, "ledger", l.getProperty(r.ledgerVerified() ? "ledgerVerified" : "ledgerBroken") + " (SHA-256 "
        + r.eventHash() + ")");
    line(b, l, "reference", r.subjectId());
    return b.toString();
  }

  private static void line(StringBuilder b, Properties labels, String key, String value) {
    b.append(labels.getProperty(key, key)).append(": ").append(value).append('\n');
  }
}
