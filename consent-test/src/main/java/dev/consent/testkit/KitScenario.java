package dev.consent.testkit;

import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.spi.ConsentStore;
import java.time.Duration;
import java.time.Instant;

/**
 * What the kit-level contracts ({@link PrivacyContract}, {@link RetentionContract}, {@link
 * ReceiptContract}) share: one program with a double-opt-in marketing purpose and a service purpose,
 * its notice, a New York and a Miami number, a Monday morning in New York, and the store under test.
 */
public abstract class KitScenario {
  protected static final Instant MONDAY_11_NY = Instant.parse("2026-03-02T16:00:00Z");
  protected static final String SENDER = "+14155550100";
  protected static final String MARKETING = "marketing.promotions";
  protected static final String ORDERS = "service.order-updates";
  protected static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  protected static final PhoneNumber MIAMI = PhoneNumber.parse("+13055550123");
  protected static final Program DEALS = Program.of("deals", "ACME Deals", SENDER, "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  protected static final Purpose MARKETING_PURPOSE =
      Purpose.marketing(MARKETING, "Offers and discounts by SMS", DEALS, Duration.ofDays(30));
  protected static final Purpose ORDERS_PURPOSE = Purpose.service(ORDERS, "Order and delivery updates", DEALS);
  protected static final Notice NOTICE = new Notice(MARKETING, "v1", "en",
      "Yes, text me offers from ACME Deals (up to 4 msgs/month). Msg & data rates may apply. Reply STOP to cancel.");

  /** The store under test; called once per test. */
  protected abstract ConsentStore store();
}
