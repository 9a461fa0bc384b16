package dev.consent.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.feed.ChangeSink;
import dev.consent.feed.ConsentChange;
import dev.consent.feed.Delivery;
import dev.consent.feed.FeedSettings;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How a CRM keeps its own contact table in step with consent through the change feed: the kit
 * writes each change with the consent it describes; the CRM's sink applies a batch in one
 * transaction of its own, remembers the last position it applied, and skips what it has seen (the
 * feed delivers at least once). Everything runs on an in-memory H2 database.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package -DskipTests exec:java
 * -Dexec.mainClass=dev.consent.examples.CrmFeedExample}.
 */
public final class CrmFeedExample {
  static final PhoneNumber ANA = PhoneNumber.parse("+1 212 555 0123");
  static final PhoneNumber BEN = PhoneNumber.parse("+1 305 555 0123");

  private CrmFeedExample() {}

  /** The CRM's side: a contact per subject, updated from the changes, once per position. */
  static final class CrmSync implements ChangeSink {
    private final DataSource crm;

    CrmSync(DataSource crm) throws SQLException {
      this.crm = crm;
      try (Connection c = crm.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS crm_contact (subject VARCHAR(64) PRIMARY KEY, marketing VARCHAR(16),"
            + " orders VARCHAR(16), suppressed BOOLEAN NOT NULL, last_position BIGINT NOT NULL)");
      }
    }

    @Override
    public void accept(List<ConsentChange> changes) throws SQLException {
      try (Connection c = crm.getConnection()) {
        c.setAutoCommit(false);
        for (ConsentChange change : changes) {
          apply(c, change);
        }
        c.commit();   // only now does the feed move this subscriber on
      }
    }

    private static void apply(Connection c, ConsentChange change) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO crm_contact (subject, marketing, orders, suppressed,"
          + " last_position) SELECT ?, NULL, NULL, FALSE, 0 FROM DUAL WHERE NOT EXISTS"
          + " (SELECT 1 FROM crm_contact WHERE subject = ?)")) {
        ps.setString(1, change.subject());
        ps.setString(2, change.subject());
        ps.executeUpdate();
      }
      String column = switch (change.type()) {
        case SUPPRESSED, UNSUPPRESSED -> "suppressed";
        default -> "service.order-updates".equals(change.purposeId()) ? "orders" : "marketing";
      };
      try (PreparedStatement ps = c.prepareStatement("UPDATE crm_contact SET " + column + " = ?, last_position = ?"
          + " WHERE subject = ? AND last_position < ?")) {   // a change seen before is skipped
        if (column.equals("suppressed")) {
          ps.setBoolean(1, change.type() == dev.consent.feed.ChangeType.SUPPRESSED);
        } else {
          ps.setString(1, change.state() == null ? null : change.state().name());
        }
        ps.setLong(2, change.position());
        ps.setString(3, change.subject());
        ps.setLong(4, change.position());
        ps.executeUpdate();
      }
    }

    /** The CRM's table, subject by subject. */
    Map<String, String> contacts() throws SQLException {
      Map<String, String> out = new LinkedHashMap<>();
      try (Connection c = crm.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT subject, marketing, orders, suppressed FROM crm_contact ORDER BY subject")) {
        while (rs.next()) {
          out.put(rs.getString(1), "marketing=" + rs.getString(2) + " orders=" + rs.getString(3)
              + " suppressed=" + rs.getBoolean(4));
        }
      }
      return out;
    }
  }

  /** The story: two sign-ups, a STOP, a complaint; the CRM follows with one deliver call each time. */
  static Map<String, String> run(PrintStream out) throws SQLException {
    try (HikariDataSource ds = new HikariDataSource()) {
      ds.setJdbcUrl("jdbc:h2:mem:crm-feed;DB_CLOSE_DELAY=-1");
      JdbcConsentStore store = JdbcConsentStore.builder(ds).keysInDatabase().build();
      store.migrate();
      ConsentKit kit = ConsentKit.builder().store(store).carrier(new RecordingCarrier()).clock(Clock.systemUTC())
          .purposes(Demo.MARKETING, Demo.ORDERS).notices(Demo.NOTICE)
          .changeFeed(FeedSettings.defaults())                         // every instance turns it on
          .build();
      CrmSync crm = new CrmSync(ds);

      kit.registry().grant(GrantRequest.of(ANA, Demo.ORDERS.id(), ConsentMethod.WEB_FORM, Channel.WEB, null,
          Map.of("form", "https://acme.example/checkout")));
      kit.registry().grant(GrantRequest.of(BEN, Demo.ORDERS.id(), ConsentMethod.WEB_FORM, Channel.WEB, null,
          Map.of("form", "https://acme.example/checkout")));
      report(out, kit.changeFeed().deliver("crm", crm), crm);

      kit.inbound().handle(new InboundMessage("recording", "SM-1", ANA, Demo.SENDER, "STOP", Clock.systemUTC().instant(),
          true, CarrierAction.NONE, null));
      kit.registry().suppress(BEN, "complaint");
      report(out, kit.changeFeed().deliver("crm", crm), crm);
      out.println("crm lag: " + kit.changeFeed().status("crm").lag());
      return crm.contacts();
    }
  }

  private static void report(PrintStream out, Delivery d, CrmSync crm) throws SQLException {
    out.println("delivered " + d.delivered() + " change(s)");
    crm.contacts().forEach((subject, contact) -> out.println("  " + subject.substring(0, 12) + "...  " + contact));
  }

  public static void main(String[] args) throws SQLException {
    run(System.out);
  }
}
