package dev.consent.examples.readme;

import com.rabbitmq.client.ConnectionFactory;
import com.zaxxer.hikari.HikariConfig;
import dev.consent.CampaignResult;
import dev.consent.ConsentEvent;
import dev.consent.InboundMessage;
import dev.consent.Notice;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.feed.ConsentChange;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.SmsCarrier;
import dev.consent.spi.WrappedKey;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.slf4j.Logger;

/**
 * What the README's Java snippets take as given: the host's own objects (a data source, a KMS, a
 * webhook request, its metrics and scheduler). {@link ReadmeSnippetsTest} compiles each snippet as a
 * method (or, when it declares members, as the body) of a subclass of this class. Never run: the
 * snippets are compiled against the real API, which is the point.
 */
@SuppressWarnings({"unused", "NullAway"})
public abstract class ReadmeContext {
  protected ConsentKit kit;
  protected JdbcConsentStore store;
  protected DataSource dataSource;
  protected HikariConfig config;
  protected KeyProvider kms;
  protected KeyProvider myKeyProvider;
  protected SmsCarrier twilioCarrier;
  protected Clock clock;
  protected Purpose marketing;
  protected Notice notice;
  protected PhoneNumber number;
  protected String formNumber;
  protected InboundMessage inboundFromWebhook;
  protected ConsentEvent grant;
  protected String tenant;
  // the host's webhook endpoint
  protected String method;
  protected String publicBase;
  protected String rawPathAndQuery;
  protected Map<String, List<String>> headers;
  protected byte[] body;
  // a host's own webhook tests (consent-test's signers)
  protected String publicUrl;
  protected String jsonBody;
  protected String secret;
  protected Map<String, String> formParams;
  protected Map<String, String> params;
  protected Metrics metrics;
  protected Logger log;
  // the host's CRM, broker and keys
  protected Crm crm;
  protected ConnectionFactory connectionFactory;
  protected PrivateKey privateKey;
  protected PublicKey publicKey;
  protected KeyPair keyPairFromYourKms;
  protected Witness witness;
  protected String jwsFromWitness;

  protected abstract void run() throws Exception;

  protected static String env(String name) {
    return System.getenv(name);
  }

  protected void respond(int status, String body) {}

  protected void respond(int status) {}

  /** The host's metrics. */
  protected interface Metrics {
    void count(String name, Object tag);

    void count(Object tag);
  }

  /** The host's CRM that applies changes. */
  protected interface Crm {
    void apply(List<ConsentChange> changes);

    void record(CampaignResult result);

    void record(String deferralId, dev.consent.SendOutcome outcome);

    Iterable<OutboundMessage> campaign(String name);
  }

  /** Where the host publishes checkpoints. */
  protected interface Witness {
    void publish(String jws);
  }

  /** The host's KMS client. */
  protected interface MyKms {
    SecretKey key(String name);
  }

  /** The host's key provider over its KMS (its methods are the host's). */
  protected static class MyKmsKeyProvider implements KeyProvider {
    private final MyKms kms;

    protected MyKmsKeyProvider(MyKms kms) {
      this.kms = kms;
    }

    @Override
    public SecretKey pseudonymKey(String tenant) {
      return kms.key("pseudonym-" + tenant);
    }

    @Override
    public WrappedKey wrapDataKey(String tenant, SecretKey dataKey) {
      throw new UnsupportedOperationException("the host's KMS wraps");
    }

    @Override
    public SecretKey unwrapDataKey(String tenant, WrappedKey wrapped) {
      throw new UnsupportedOperationException("the host's KMS unwraps");
    }
  }
}
