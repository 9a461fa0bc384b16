package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.EventKind;
import dev.consent.ImportRequest;
import dev.consent.OptInStart;
import dev.consent.PendingOptIn;
import dev.consent.WebOptIn;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.KitScenario;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a copy of the database gives an insider who has no key (issue 17): every digest the kit
 * stores of a secret or of personal data is keyed, so trying guesses against it finds nothing. Each
 * check is the attack that worked before 0.5: all million 6-digit codes against the stored code
 * hash, the plain SHA-256 of a number prefix, a client address or an import's identity looked up
 * among the stored values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcDigestsTestBase extends KitScenario {
  private static final String CLIENT = "203.0.113.9";
  private MigratedStore migrated;
  private String tenant;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    migrated = new MigratedStore(open());
  }

  @AfterAll
  void stop() throws Exception {
    if (migrated != null) {
      migrated.close();
    }
  }

  @BeforeEach
  void newTenant() {
    tenant = "d-" + UUID.randomUUID().toString().substring(0, 12);
  }

  @Override
  protected ConsentStore store() {
    return migrated.store;
  }

  private ConsentKit kit() {
    return ConsentKit.builder().tenant(tenant).store(migrated.store).carrier(new RecordingCarrier())
        .clock(MutableClock.at(MONDAY_11_NY)).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
  }

  @Test
  @DisplayName("no 6-digit code matches the stored code hash without the key (all million tried)")
  void codes() {
    OptInStart started = kit().doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1").withClientAddress(CLIENT));
    assertThat(started).isInstanceOf(OptInStart.Started.class);
    PendingOptIn pending = migrated.store.pendingFor(tenant, NY).get(0);
    assertThat(pending.codeHash()).startsWith("k1:");
    MessageDigest sha = sha256();
    byte[] prefix = (pending.requestId() + ":").getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (int code = 0; code < 1_000_000 && found == null; code++) {
      sha.update(prefix);
      String hex = HexFormat.of().formatHex(sha.digest(String.format("%06d", code).getBytes(StandardCharsets.UTF_8)));
      if (pending.codeHash().equals(hex) || pending.codeHash().equals("k1:" + hex)) {
        found = String.format("%06d", code);
      }
    }
    assertThat(found).as("a code recovered from the stored hash").isNull();
  }

  @Test
  @DisplayName("rate-limit keys and the client address hash are not the plain SHA-256 of a prefix or an address")
  void rateKeysAndAddresses() {
    kit().doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1").withClientAddress(CLIENT));
    String e164 = NY.e164();
    for (int hidden = 0; hidden < e164.length() - 2; hidden++) {
      migrated.assertHeldNowhere(tenant, sha256Hex(e164.substring(0, e164.length() - hidden)));
    }
    migrated.assertHeldNowhere(tenant, sha256Hex(CLIENT));
    migrated.assertHeldNowhere(tenant, sha256Hex(tenant + "\u0000" + CLIENT));
    migrated.assertHeldNowhere(tenant, CLIENT);
    ConsentEvent requested = migrated.store.history(tenant, NY).get(0);
    assertThat(requested.evidence()).containsKey("clientAddressHash");
  }

  @Test
  @DisplayName("an import's idempotency key is not the plain SHA-256 of the number and its fields; a repeat is one event")
  void importKeys() {
    ConsentKit kit = kit();
    Instant when = MONDAY_11_NY.minusSeconds(86_400);
    ImportRequest request = new ImportRequest(NY, MARKETING, EventKind.GRANTED, ConsentMethod.WEB_FORM, when,
        "crm-2019", "v1", Map.of("form", "https://shop.example/old-form"));
    ConsentEvent first = kit.registry().importConsent(request);
    assertThat(kit.registry().importConsent(request)).isEqualTo(first);
    String identity = "crm-2019\u0000" + NY.e164() + "\u0000" + MARKETING + "\u0000GRANTED\u0000" + when;
    migrated.assertHeldNowhereInClear(tenant, sha256Hex(identity));
    assertThat(migrated.store.history(tenant, NY)).hasSize(1);
  }

  private static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
