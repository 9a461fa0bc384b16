package dev.consent.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.InboundResult;
import dev.consent.PhoneNumber;
import dev.consent.carrier.WebhookRequest;
import dev.consent.carrier.WebhookResult;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.sms.twilio.TwilioWebhooks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 4b: the whole inbound path on PostgreSQL, one webhook at a time: Twilio signature check,
 * form parsing, classification, the ledger writes the intent asks for (withdrawals, restores), the
 * confirmation or HELP reply queued on the recording carrier and logged, the de-duplication mark.
 * Against the floor any webhook handler pays: check the same signature and store the message as one
 * row in one autocommit insert. Each request has a fresh MessageSid, signed before the clock starts.
 * Sample mode, so the report has the p99.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class InboundBenchmark {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String URL = "https://hooks.acme.example/twilio/inbound?tenant=acme";
  private static final int SENDERS = 5_000;

  /** 35% opt-outs, 10% HELP, 10% START, 5% YES, 40% chatter: a program's inbound after a campaign. */
  private static final List<String> BODIES = List.of(
      "STOP", "Stop", "stop please", "Please stop texting me", "unsubscribe", "STOP", "Arrêt",
      "HELP", "help",
      "START", "Unstop",
      "YES",
      "Thanks!", "ok", "Who is this?", "Where is my package?", "Great deal, thanks", "lol",
      "I'm at the bus stop, call you later", "Is the store open on Sunday?");

  private HikariDataSource ds;
  private ConsentKit kit;
  private TwilioWebhooks webhooks;
  private PhoneNumber[] senders;
  private final SplittableRandom random = new SplittableRandom(17);
  private long sid = System.nanoTime() & 0xffffffffL;
  private String rawInsert;
  private WebhookRequest request;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    ds = BenchDb.pool(BenchDb.POSTGRESQL, 2, null);
    JdbcConsentStore store = JdbcConsentStore.builder(ds).schema(BenchDb.schema()).keys(BenchKit.KEYS).build();
    store.migrate();
    kit = BenchKit.kit("inbound-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), store, new RecordingCarrier());
    webhooks = TwilioWebhooks.builder().authToken(TOKEN).accountSid(ACCOUNT).clock(BenchKit.CLOCK).build();
    senders = Numbers.generate(SENDERS, 314);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + BenchDb.schema() + ".raw_inbound (message_sid VARCHAR(64) PRIMARY KEY,"
          + " sender VARCHAR(16) NOT NULL, recipient VARCHAR(16) NOT NULL, body TEXT NOT NULL)");
    }
    rawInsert = "INSERT INTO " + BenchDb.schema() + ".raw_inbound (message_sid, sender, recipient, body) VALUES (?, ?, ?, ?)";
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ds.close();
  }

  /** The next webhook as Twilio would send it: form body and a valid X-Twilio-Signature. */
  @Setup(Level.Invocation)
  public void nextRequest() throws GeneralSecurityException {
    Map<String, String> form = new TreeMap<>();
    form.put("AccountSid", ACCOUNT);
    form.put("MessageSid", String.format("SM%032x", ++sid));
    form.put("From", senders[random.nextInt(SENDERS)].e164());
    form.put("To", BenchKit.SENDER);
    form.put("Body", BODIES.get(random.nextInt(BODIES.size())));
    form.put("NumMedia", "0");
    StringBuilder signed = new StringBuilder(URL);
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> {
      signed.append(k).append(v);
      pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    request = WebhookRequest.of("POST", URL,
        java.util.Map.of(TwilioWebhooks.SIGNATURE_HEADER, signature, "Content-Type", "application/x-www-form-urlencoded"),
        String.join("&", pairs).getBytes(StandardCharsets.UTF_8));
  }

  @Benchmark
  public InboundResult wholePath() {
    WebhookResult r = webhooks.inbound(request);
    if (!(r instanceof WebhookResult.Inbound in)) {
      throw new IllegalStateException("webhook rejected: " + r);
    }
    return kit.inbound().handle(in.message());
  }

  /** The floor: the same signature check, then the message stored as one row, one commit. */
  @Benchmark
  public int rawVerifyAndInsert() throws SQLException {
    if (!webhooks.verify(request)) {
      throw new IllegalStateException("signature rejected");
    }
    String body = new String(request.body(), StandardCharsets.UTF_8);
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(rawInsert)) {
      ps.setString(1, body.substring(body.indexOf("MessageSid=") + 11, body.indexOf("MessageSid=") + 45));
      ps.setString(2, senders[0].e164());
      ps.setString(3, BenchKit.SENDER);
      ps.setString(4, body);
      return ps.executeUpdate();
    }
  }
}
