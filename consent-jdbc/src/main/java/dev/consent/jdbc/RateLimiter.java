package dev.consent.jdbc;

import dev.consent.spi.RateLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Sliding-window limits: each key has a bucket row that is locked in key order (so two callers
 * with overlapping key sets cannot deadlock), and one hit row per acquisition.
 */
final class RateLimiter {
  private final Db db;
  private final Tables t;

  RateLimiter(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  /** Counts one acquisition against every limit, or nothing: the first limit without room, or none when counted. */
  List<RateLimit> acquire(String tenant, List<RateLimit> limits, Instant now) {
    if (limits.isEmpty()) {
      return List.of();
    }
    TreeSet<String> keys = new TreeSet<>();
    limits.forEach(l -> keys.add(l.key()));
    db.autocommit("rate limit", c -> {
      for (String key : keys) {
        ensureBucket(c, tenant, key);
      }
      return null;
    });
    return db.transaction("rate limit", c -> {
      for (String key : keys) {
        lock(c, tenant, key);
      }
      for (RateLimit l : limits) {
        if (countAfterPruning(c, tenant, l, now) >= l.max()) {
          return List.of(l);
        }
      }
      for (RateLimit l : limits) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO " + t.rateHit + " (tenant, limit_key, hit_at) VALUES (?, ?, ?)")) {
          ps.setString(1, tenant);
          ps.setString(2, l.key());
          db.setInstant(ps, 3, now);
          ps.executeUpdate();
        }
      }
      return List.<RateLimit>of();
    });
  }

  private void ensureBucket(Connection c, String tenant, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM " + t.rateBucket + " WHERE tenant = ? AND limit_key = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.rateBucket, "tenant, limit_key", 2))) {
      ps.setString(1, tenant);
      ps.setString(2, key);
      Db.inserted(ps);
    }
  }

  private void lock(Connection c, String tenant, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT limit_key FROM " + t.rateBucket + " WHERE tenant = ? AND limit_key = ? FOR UPDATE")) {
      ps.setString(1, tenant);
      ps.setString(2, key);
      ps.executeQuery().close();
    }
  }

  private int countAfterPruning(Connection c, String tenant, RateLimit l, Instant now) throws SQLException {
    Instant start = now.minus(l.window());
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM " + t.rateHit + " WHERE tenant = ? AND limit_key = ? AND hit_at <= ?")) {
      ps.setString(1, tenant);
      ps.setString(2, l.key());
      db.setInstant(ps, 3, start);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM " + t.rateHit + " WHERE tenant = ? AND limit_key = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, l.key());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
