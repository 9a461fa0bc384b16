package dev.consent.jdbc;

import dev.consent.LogText;
import dev.consent.error.ConsentStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Connections, transactions, retries, error translation and time binding. Every failure leaves as
 * a {@link ConsentStoreException} whose message names the operation and the SQLState only.
 */
final class Db {
  private static final Logger log = StoreLog.LOG;
  private static final int MAX_ATTEMPTS = 6;

  /** Work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  final DataSource dataSource;
  final Dialect dialect;
  private volatile @Nullable Work<?> beforeFirstUse;
  /** Physical connections seen in READ COMMITTED without the store setting it (see {@link #readCommitted}). */
  private final Set<Connection> knownReadCommitted = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  Db(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * Work that must succeed once before any other operation (filling in what a migration could not);
   * until it has, every operation tries it first and fails if it fails.
   */
  void beforeFirstUse(Work<?> work) {
    this.beforeFirstUse = work;
  }

  private void prepare() {
    Work<?> work = beforeFirstUse;
    if (work != null) {
      synchronized (this) {
        if (beforeFirstUse != null) {
          plain("prepare the store", work);
          beforeFirstUse = null;
        }
      }
    }
  }

  /** Runs work in autocommit mode: single statements that are atomic on their own. */
  <T> T autocommit(String what, Work<T> work) {
    prepare();
    return plain(what, work);
  }

  /** {@link #autocommit} without the first-use work: for that work itself and for key look-ups. */
  <T> T plain(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs work in one READ COMMITTED transaction; a deadlock or serialisation failure (which the
   * database rolled back) is retried a few times. Anything else rolls back and is thrown.
   */
  <T> T transaction(String what, Work<T> work) {
    prepare();
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (SQLException e) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
          throw new ConsentStoreException("consent store: " + what + " failed (SQLState " + e.getSQLState()
              + "); it was rolled back, or if the commit itself failed its outcome is unknown:"
              + " retry with the same idempotency key", sanitized(e));
        }
        log.debug("consent store: {} hit a transient conflict (SQLState {}), attempt {}", what,
            LogText.safe(e.getSQLState()), attempt);
        backOff(what, attempt);
      }
    }
  }

  private <T> T once(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      readCommitted(c);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreQuietly(c);
      }
    }
  }

  /**
   * Sets READ COMMITTED. pgjdbc sends a statement for every {@code setTransactionIsolation}, so on
   * PostgreSQL and H2 (whose sessions start in READ COMMITTED) a physical connection found in READ
   * COMMITTED once is remembered and not asked again. MariaDB and MySQL start in REPEATABLE READ, and
   * a pool resets a connection to its own default after a change, so there it is set every time. A
   * stronger level set behind the pool's back stays correct (appends lock the subject row, conflicts
   * are retried), it only costs retries.
   */
  private void readCommitted(Connection c) throws SQLException {
    if (dialect.isMySqlFamily()) {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      return;
    }
    Connection physical;
    try {
      physical = c.unwrap(Connection.class);
    } catch (SQLException notAWrapper) {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      return;
    }
    if (physical == null || !knownReadCommitted.contains(physical)) {
      if (c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      } else if (physical != null) {
        knownReadCommitted.add(physical);
      }
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException r) {
      cause.addSuppressed(sanitized(r));
    }
  }

  private static void restoreQuietly(Connection c) {
    try {
      if (!c.isClosed()) {
        c.setAutoCommit(true);
      }
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it
    }
  }

  private static void backOff(String what, int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new ConsentStoreException("consent store: " + what + " was interrupted");
    }
  }

  /** Deadlock or serialisation failure: the database rolled the transaction back. */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state) || e.getErrorCode() == 1213;
  }

  static boolean isUniqueViolation(SQLException e) {
    String state = e.getSQLState();
    return "23505".equals(state) || ("23000".equals(state) && e.getErrorCode() == 1062);
  }

  /**
   * The store's typed failure. Constraint violations are passed on without the driver's message,
   * since drivers echo the offending key values (a phone number) there.
   */
  static ConsentStoreException failure(String what, SQLException e) {
    return new ConsentStoreException("consent store: " + what + " failed (SQLState " + e.getSQLState() + ")", sanitized(e));
  }

  private static SQLException sanitized(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("23")) {
      SQLException clean = new SQLException("integrity constraint violated (driver message withheld: it may contain personal data)",
          state, e.getErrorCode());
      clean.setStackTrace(e.getStackTrace());
      return clean;
    }
    return e;
  }

  /**
   * An INSERT that does nothing when a unique key already holds the row (update count 0), without
   * raising a duplicate-key error: such errors echo the key (a phone number) into the PostgreSQL
   * server log and the MariaDB driver's log. H2 gets a plain INSERT; callers also catch the error.
   */
  String insertIfAbsent(String table, String columns, int values) {
    String head = "INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(values - 1) + "?)";
    return switch (dialect) {
      case POSTGRESQL -> head + " ON CONFLICT DO NOTHING";
      case MARIADB, MYSQL -> head.replaceFirst("INSERT INTO", "INSERT IGNORE INTO");
      case H2 -> head;
    };
  }

  /** Runs an {@link #insertIfAbsent} statement: whether it inserted the row. */
  static boolean inserted(PreparedStatement ps) throws SQLException {
    try {
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Binds {@code args} from parameter 1 on: an {@link Instant} as {@link #setInstant} does, the rest as given. */
  void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Instant at) {
        setInstant(ps, i + 1, at);
      } else {
        ps.setObject(i + 1, args[i]);
      }
    }
  }

  /** Reads one row into a value; may use the connection (to open sealed columns). */
  @FunctionalInterface
  interface RowReader<T> {
    T read(Connection c, ResultSet rs) throws SQLException;
  }

  /** The rows of {@code sql} with {@code args} bound ({@link #bind}), at most {@code limit}, each read by {@code reader}. */
  <T> List<T> list(Connection c, String sql, int limit, RowReader<T> reader, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.setMaxRows(Math.max(limit, 0));
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && out.size() < limit) {
          out.add(reader.read(c, rs));
        }
      }
      return out;
    }
  }

  // ---- time: UTC, microseconds ----

  void setInstant(PreparedStatement ps, int index, @Nullable Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(index, dialect.isMySqlFamily() ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE);
    } else if (dialect.isMySqlFamily()) {
      ps.setObject(index, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    } else {
      ps.setObject(index, t.atOffset(ZoneOffset.UTC));
    }
  }

  @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    if (dialect.isMySqlFamily()) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** {@link #instant(ResultSet, String)} by column index: for batch reads that decode many rows. */
  @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    if (dialect.isMySqlFamily()) {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  Instant requiredInstant(ResultSet rs, int column) throws SQLException {
    Instant t = instant(rs, column);
    if (t == null) {
      throw new SQLException("column " + column + " is unexpectedly null", "22004");
    }
    return t;
  }

  Instant requiredInstant(ResultSet rs, String column) throws SQLException {
    Instant t = instant(rs, column);
    if (t == null) {
      throw new SQLException("column " + column + " is unexpectedly null", "22004");
    }
    return t;
  }

  // ---- batched look-ups by number ----

  /** The initial capacity of a hash map that will hold {@code entries} without resizing. */
  static int capacity(int entries) {
    return (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(entries / 0.75));
  }

  /**
   * How many numbers one statement carries: an array on PostgreSQL (50,000 references, about 3 MB:
   * each statement's planning and start-up cost about as much as 2,000 look-ups, so 5,000 per
   * statement made a campaign read 1.5x the server time of one statement), an IN-list elsewhere
   * (5,000 literals are about 350 KB of SQL on MariaDB/MySQL, far below max_allowed_packet; 1,000 on H2).
   */
  int chunkSize() {
    return dialect == Dialect.H2 ? 1000 : dialect == Dialect.POSTGRESQL ? 50_000 : 5000;
  }

  /** {@code column = ANY(?)} on PostgreSQL, {@code column IN (?, ...)} with {@code n} markers elsewhere. */
  String anyOf(String column, int n) {
    if (dialect == Dialect.POSTGRESQL) {
      return column + " = ANY(?)";
    }
    return column + " IN (" + "?,".repeat(n - 1) + "?)";
  }

  /** Binds the values for {@link #anyOf} from {@code index}; returns the next free index. */
  int bindAnyOf(Connection c, PreparedStatement ps, int index, List<String> values) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      ps.setArray(index, c.createArrayOf("varchar", values.toArray()));
      return index + 1;
    }
    for (String v : values) {
      ps.setString(index++, v);
    }
    return index;
  }

  /** The subject references of a batch look-up (distinct already), in chunks of {@link #chunkSize()}. */
  List<List<String>> chunks(Set<String> values) {
    List<String> all = new ArrayList<>(values);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += chunkSize()) {
      out.add(all.subList(i, Math.min(all.size(), i + chunkSize())));
    }
    return out;
  }
}
