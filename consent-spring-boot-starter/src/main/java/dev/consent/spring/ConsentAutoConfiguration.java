package dev.consent.spring;

import dev.consent.ConsentRegistry;
import dev.consent.DoubleOptInFlow;
import dev.consent.InboundHandler;
import dev.consent.MessageGate;
import dev.consent.Notice;
import dev.consent.Purpose;
import dev.consent.ReviewQueue;
import dev.consent.error.ConfigurationException;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.SmsCarrier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds a {@link ConsentKit} from the application's beans and the {@code consent.*} properties, and
 * exposes its services as beans. Backs off for each part the application defines itself: the kit, the
 * store, the carrier, the {@link Clock}, the {@link KeyProvider}.
 *
 * <p>The store is never chosen silently: the JDBC store on the application's {@link DataSource} (its
 * keys from a {@link KeyProvider} bean, or {@code consent.jdbc.keys-in-database=true}), or the
 * in-memory store only when {@code consent.store=memory}; otherwise the application does not start.
 * The JDBC store takes its own connections and commits by itself: it never joins the application's
 * transaction (a STOP must not be rolled back with the business transaction around it), so a
 * {@code TransactionAwareDataSourceProxy} is unwrapped.
 *
 * @since 0.5
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@EnableConfigurationProperties(ConsentProperties.class)
public class ConsentAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ConsentAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Clock consentClock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean({ConsentStore.class, ConsentKit.class})
  ConsentStore consentStore(ConsentProperties props, ObjectProvider<DataSource> dataSource,
      ObjectProvider<KeyProvider> keys) {
    ConsentProperties.StoreType type = props.getStore();
    if (type == ConsentProperties.StoreType.MEMORY) {
      log.warn("consent.store=memory: consent, opt-outs and proofs are lost when the application stops");
      return new InMemoryConsentStore();
    }
    DataSource ds = dataSource.getIfUnique();
    if (ds == null) {
      throw new ConfigurationException("no consent store: the application has no single DataSource for the JDBC"
          + " store; define one (or a ConsentStore bean), or set consent.store=memory for tests and demos");
    }
    return jdbcStore(props.getJdbc(), OwnTransactions.unwrap(ds), keys.getIfAvailable());
  }

  private static JdbcConsentStore jdbcStore(ConsentProperties.Jdbc p, DataSource ds, KeyProvider keys) {
    JdbcConsentStore.Builder b = JdbcConsentStore.builder(ds).tablePrefix(p.getTablePrefix());
    if (p.getSchema() != null) {
      b.schema(p.getSchema());
    }
    if (keys != null) {
      b.keys(keys);
    } else if (p.isKeysInDatabase()) {
      b.keysInDatabase();
    } else {
      throw new ConfigurationException("the JDBC consent store needs its keys: define a KeyProvider bean (backed by"
          + " your KMS or vault), or set consent.jdbc.keys-in-database=true for tests, demos and trials (keys in"
          + " clear in the same database)");
    }
    JdbcConsentStore store = b.build();
    if (p.isMigrate()) {
      List<String> applied = store.migrate();
      if (!applied.isEmpty()) {
        log.info("consent store migrated: {}", applied);
      }
    }
    return store;
  }

  @Bean
  @ConditionalOnMissingBean
  ConsentKit consentKit(ConsentProperties props, ObjectProvider<ConsentStore> store, ObjectProvider<SmsCarrier> carrier,
      Clock clock, ObjectProvider<Purpose> purposes, ObjectProvider<Notice> notices,
      ObjectProvider<ConsentKitCustomizer> customizers, ObjectProvider<ConsentObserver> observers) {
    SmsCarrier sms = carrier.getIfUnique();
    if (sms == null) {
      throw new ConfigurationException("no SmsCarrier: set consent.twilio.account-sid and consent.twilio.auth-token"
          + " (with consent-sms-twilio on the class path), or define one SmsCarrier bean");
    }
    List<Purpose> allPurposes = new ArrayList<>(ConfiguredPurposes.purposes(props));
    purposes.orderedStream().forEach(allPurposes::add);
    List<Notice> allNotices = new ArrayList<>(ConfiguredPurposes.notices(props));
    notices.orderedStream().forEach(allNotices::add);
    ConsentKit.Builder b = ConsentKit.builder().tenant(props.getTenant()).store(store.getObject()).carrier(sms)
        .clock(clock).purposes(allPurposes.toArray(Purpose[]::new)).notices(allNotices.toArray(Notice[]::new));
    if (props.getClockSkewTolerance() != null) {
      b.clockSkewTolerance(props.getClockSkewTolerance());
    }
    if (props.getOptIn().anySet()) {
      b.optIn(props.getOptIn().settings()); // a bad value fails start-up with InvalidInputException, naming it
    }
    List<ConsentObserver> all = observers.orderedStream().toList();
    if (!all.isEmpty()) {
      b.observer(o -> all.forEach(each -> each.observe(o)));
    }
    customizers.orderedStream().forEach(c -> c.customize(b));
    return b.build();
  }

  @Bean
  @ConditionalOnMissingBean
  ConsentRegistry consentRegistry(ConsentKit kit) {
    return kit.registry();
  }

  @Bean
  @ConditionalOnMissingBean
  MessageGate consentGate(ConsentKit kit) {
    return kit.gate();
  }

  @Bean
  @ConditionalOnMissingBean
  InboundHandler consentInbound(ConsentKit kit) {
    return kit.inbound();
  }

  @Bean
  @ConditionalOnMissingBean
  DoubleOptInFlow consentDoubleOptIn(ConsentKit kit) {
    return kit.doubleOptIn();
  }

  @Bean
  @ConditionalOnMissingBean
  ReviewQueue consentReviews(ConsentKit kit) {
    return kit.reviews();
  }
}
