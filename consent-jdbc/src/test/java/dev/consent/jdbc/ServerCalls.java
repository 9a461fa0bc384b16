package dev.consent.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A data source whose connections and statements count the calls that reach the server: statement
 * executions (a JDBC batch is one), commits and rollbacks that send something, isolation reads and
 * changes, and on MariaDB/MySQL autocommit changes (its driver sends them).
 */
final class ServerCalls {
  private static final Set<String> SERVER_CALLS = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch",
      "executeLargeUpdate", "executeLargeBatch", "commit", "rollback", "setTransactionIsolation", "getTransactionIsolation");

  private final AtomicInteger calls = new AtomicInteger();
  private final List<String> seen = new ArrayList<>();
  private final boolean autoCommitIsACall;
  private final DataSource dataSource;

  ServerCalls(DataSource real, Dialect dialect) {
    autoCommitIsACall = dialect.isMySqlFamily();
    dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, m, args) -> {
          Object out = invoke(real, m, args);
          return out instanceof Connection c ? wrap(c, Connection.class) : out;
        });
  }

  /** The counting data source. */
  DataSource dataSource() {
    return dataSource;
  }

  /** Calls counted so far. */
  int count() {
    return calls.get();
  }

  /** The names of the calls counted since the last {@link #clearSeen}. */
  List<String> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  void clearSeen() {
    synchronized (seen) {
      seen.clear();
    }
  }

  private <T> T wrap(T target, Class<T> type) {
    InvocationHandler h = (proxy, m, args) -> {
      String name = m.getName();
      if ((SERVER_CALLS.contains(name) && !sendsNothing(target, name))
          || (autoCommitIsACall && name.equals("setAutoCommit"))) {
        calls.incrementAndGet();
        synchronized (seen) {
          seen.add(name);
        }
      }
      Object out = invoke(target, m, args);
      if (out instanceof PreparedStatement ps && m.getReturnType() == PreparedStatement.class) {
        return wrap(ps, PreparedStatement.class);
      }
      if (out instanceof Statement s && m.getReturnType() == Statement.class) {
        return wrap(s, Statement.class);
      }
      return out;
    };
    return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h));
  }

  /** pgjdbc's commit and rollback send nothing when the transaction already ended (a COMMIT in SQL). */
  private static boolean sendsNothing(Object target, String name) throws SQLException {
    return (name.equals("commit") || name.equals("rollback")) && target instanceof Connection c
        && c.isWrapperFor(BaseConnection.class)
        && c.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
