package dev.consent.jdbc;

import dev.consent.Notice;
import dev.consent.error.ConsentStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Notices: written once per (tenant, purpose, version), never changed. */
final class Notices {
  private final Db db;
  private final Tables t;

  Notices(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  void save(String tenant, Notice n) {
    Limits.check(n.language(), 35, "notice language");
    boolean same = db.autocommit("save notice", c -> {
      try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.notice,
          "tenant, purpose_id, notice_version, lang, notice_text, content_hash", 6))) {
        ps.setString(1, tenant);
        ps.setString(2, n.purposeId());
        ps.setString(3, n.version());
        ps.setString(4, n.language());
        ps.setString(5, n.text());
        ps.setString(6, n.contentHash());
        if (Db.inserted(ps)) {
          return true;
        }
      }
      return find(c, tenant, n.purposeId(), n.version()).map(n::equals).orElse(false);
    });
    if (!same) {
      throw new ConsentStoreException(
          "notice " + n.purposeId() + "/" + n.version() + " is already stored with another text");
    }
  }

  Optional<Notice> notice(String tenant, String purposeId, String version) {
    return db.autocommit("read notice", c -> find(c, tenant, purposeId, version));
  }

  private Optional<Notice> find(Connection c, String tenant, String purposeId, String version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT lang, notice_text FROM " + t.notice
        + " WHERE tenant = ? AND purpose_id = ? AND notice_version = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, purposeId);
      ps.setString(3, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Notice(purposeId, version, rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    }
  }
}
