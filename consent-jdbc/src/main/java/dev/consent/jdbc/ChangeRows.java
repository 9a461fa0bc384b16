package dev.consent.jdbc;

import dev.consent.feed.ConsentChange;
import dev.consent.spi.FeedCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The change feed's rows (V11): changes inserted in the transaction of the write they describe,
 * read by position, and the subscribers' cursors saved by compare-and-set on their version.
 */
final class ChangeRows {
  /** The Debezium outbox router's {@code aggregatetype}: one type for every change. */
  static final String AGGREGATE_TYPE = "consent";
  /** Parameters {@link #insertValues} binds, in the order of {@link #INSERT_COLUMNS}. */
  static final String INSERT_COLUMNS = "id, tenant, aggregatetype, aggregateid, type, occurred_at, recorded_at, payload";
  static final int INSERT_PARAMETERS = 8;
  private static final String CURSOR_COLUMNS = "change_no, version, lease_owner, lease_until, delivered_at, failures,"
      + " last_error, retry_at, gaps";

  private final Db db;
  private final Tables t;
  private final Clock clock = Clock.systemUTC();

  ChangeRows(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  /** Inserts a change on the caller's connection (inside the write's transaction). */
  void insert(Connection c, ConsentChange change) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.change + " (" + INSERT_COLUMNS + ") VALUES ("
        + "?, ".repeat(INSERT_PARAMETERS - 1) + "?)")) {
      insertValues(ps, 0, change);
      ps.executeUpdate();
    }
  }

  /** Binds a change's insert parameters from {@code offset + 1}; returns the last index bound. */
  int insertValues(PreparedStatement ps, int offset, ConsentChange change) throws SQLException {
    Limits.check(change.id(), 64, "change id");
    int i = offset;
    ps.setString(++i, change.id());
    ps.setString(++i, change.tenant());
    ps.setString(++i, AGGREGATE_TYPE);
    ps.setString(++i, change.subject());
    ps.setString(++i, change.type().cloudEventType());
    db.setInstant(ps, ++i, change.time());
    db.setInstant(ps, ++i, clock.instant());
    ps.setString(++i, change.toJson());
    return i;
  }

  List<ConsentChange> changes(String tenant, long after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return db.autocommit("read changes", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT change_no, payload FROM " + t.change
          + " WHERE tenant = ? AND change_no > ? ORDER BY change_no LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setLong(2, after);
        ps.setInt(3, limit);
        return read(ps);
      }
    });
  }

  List<ConsentChange> changesAt(String tenant, Set<Long> positions) {
    if (positions.isEmpty()) {
      return List.of();
    }
    List<String> ids = positions.stream().sorted().map(String::valueOf).toList();
    return db.autocommit("read changes", c -> {
      List<ConsentChange> out = new ArrayList<>();
      for (List<String> chunk : db.chunks(new java.util.LinkedHashSet<>(ids))) {
        // positions are numbers formatted here, never outside text
        try (PreparedStatement ps = c.prepareStatement("SELECT change_no, payload FROM " + t.change
            + " WHERE tenant = ? AND change_no IN (" + String.join(",", chunk) + ") ORDER BY change_no")) {
          ps.setString(1, tenant);
          out.addAll(read(ps));
        }
      }
      out.sort(java.util.Comparator.comparingLong(ConsentChange::position));
      return out;
    });
  }

  private static List<ConsentChange> read(PreparedStatement ps) throws SQLException {
    List<ConsentChange> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(ConsentChange.fromJson(rs.getString(2)).at(rs.getLong(1)));
      }
    }
    return out;
  }

  Set<Long> positions(long after, long through) {
    if (through <= after) {
      return Set.of();
    }
    return db.autocommit("read change positions", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT change_no FROM " + t.change
          + " WHERE change_no > ? AND change_no <= ?")) {
        ps.setLong(1, after);
        ps.setLong(2, through);
        Set<Long> out = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
        return out;
      }
    });
  }

  /**
   * Deletes the tenant's oldest changes up to {@code through}: the positions are read first (one
   * bounded select), then deleted by position, so that MariaDB needs no LIMIT in a subquery.
   */
  dev.consent.spi.PurgeResult purge(String tenant, long through, int limit) {
    return db.autocommit("purge delivered changes", c -> {
      List<Long> due = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT change_no FROM " + t.change
          + " WHERE tenant = ? AND change_no <= ? ORDER BY change_no LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setLong(2, through);
        ps.setInt(3, limit + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            due.add(rs.getLong(1));
          }
        }
      }
      boolean more = due.size() > limit;
      List<Long> now = more ? due.subList(0, limit) : due;
      int count = 0;
      for (int i = 0; i < now.size(); i += 1000) {
        List<Long> chunk = now.subList(i, Math.min(now.size(), i + 1000));
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.change + " WHERE tenant = ? AND change_no IN ("
            + chunk.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")")) {
          ps.setString(1, tenant);
          count += ps.executeUpdate();
        }
      }
      return new dev.consent.spi.PurgeResult(count, more);
    });
  }

  long count(long after, long through) {
    if (through <= after) {
      return 0;
    }
    return db.autocommit("count change positions", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + t.change
          + " WHERE change_no > ? AND change_no <= ?")) {
        ps.setLong(1, after);
        ps.setLong(2, through);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  long newest(String tenant) {
    return db.autocommit("read the newest change", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(change_no) FROM " + t.change + " WHERE tenant = ?")) {
        ps.setString(1, tenant);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  Optional<FeedCursor> cursor(String tenant, String subscriber) {
    return db.autocommit("read a feed cursor", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT subscriber, " + CURSOR_COLUMNS + " FROM " + t.feedCursor
          + " WHERE tenant = ? AND subscriber = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, subscriber);
        List<FeedCursor> found = cursors(ps, tenant);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
      }
    });
  }

  List<FeedCursor> cursors(String tenant) {
    return db.autocommit("read feed cursors", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT subscriber, " + CURSOR_COLUMNS + " FROM " + t.feedCursor
          + " WHERE tenant = ? ORDER BY subscriber")) {
        ps.setString(1, tenant);
        return cursors(ps, tenant);
      }
    });
  }

  private List<FeedCursor> cursors(PreparedStatement ps, String tenant) throws SQLException {
    List<FeedCursor> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new FeedCursor(tenant, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
            db.instant(rs, 5), db.instant(rs, 6), rs.getInt(7), rs.getString(8), db.instant(rs, 9), gaps(rs.getString(10))));
      }
    }
    return out;
  }

  boolean save(@Nullable FeedCursor expected, FeedCursor next) {
    if (next.version() != (expected == null ? 0 : expected.version()) + 1) {
      return false;
    }
    return db.autocommit("save a feed cursor", c -> {
      if (expected == null) {
        try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.feedCursor, "tenant, subscriber, "
            + CURSOR_COLUMNS, 11))) {
          ps.setString(1, next.tenant());
          ps.setString(2, next.subscriber());
          bindCursor(ps, 2, next);
          return Db.inserted(ps);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.feedCursor + " SET change_no = ?, version = ?,"
          + " lease_owner = ?, lease_until = ?, delivered_at = ?, failures = ?, last_error = ?, retry_at = ?, gaps = ?"
          + " WHERE tenant = ? AND subscriber = ? AND version = ?")) {
        int i = bindCursor(ps, 0, next);
        ps.setString(++i, next.tenant());
        ps.setString(++i, next.subscriber());
        ps.setLong(++i, expected.version());
        return ps.executeUpdate() == 1;
      }
    });
  }

  private int bindCursor(PreparedStatement ps, int offset, FeedCursor cur) throws SQLException {
    int i = offset;
    ps.setLong(++i, cur.position());
    ps.setLong(++i, cur.version());
    ps.setString(++i, cur.leaseOwner());
    db.setInstant(ps, ++i, cur.leaseUntil());
    db.setInstant(ps, ++i, cur.deliveredAt());
    ps.setInt(++i, cur.failures());
    String error = cur.lastError();
    ps.setString(++i, error == null || error.length() <= 400 ? error : error.substring(0, 400));
    db.setInstant(ps, ++i, cur.retryAt());
    ps.setString(++i, gaps(cur.gaps()));
    return i;
  }

  /** Gaps as {@code position@instant} separated by commas. */
  static String gaps(SortedMap<Long, Instant> gaps) {
    return gaps.entrySet().stream().map(g -> g.getKey() + "@" + g.getValue()).collect(Collectors.joining(","));
  }

  static SortedMap<Long, Instant> gaps(@Nullable String text) {
    TreeMap<Long, Instant> out = new TreeMap<>();
    if (text != null && !text.isEmpty()) {
      for (String g : text.split(",")) {
        int at = g.indexOf('@');
        out.put(Long.parseLong(g.substring(0, at)), Instant.parse(g.substring(at + 1)));
      }
    }
    return out;
  }
}
