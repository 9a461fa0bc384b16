package dev.consent.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A data source whose connections fail {@code commit()} (and writes in autocommit mode, which commit
 * themselves: the PostgreSQL append is one such statement) while a switch is on, as a dying server would.
 */
final class FailingCommits {
  private FailingCommits() {}

  static DataSource wrap(DataSource target, AtomicBoolean failing) {
    return proxy(DataSource.class, target, (method, args) -> {
      Object result = method.invoke(target, args);
      return method.getName().equals("getConnection") ? connection((Connection) result, failing) : result;
    });
  }

  private static Connection connection(Connection target, AtomicBoolean failing) {
    return proxy(Connection.class, target, (method, args) -> {
      if (failing.get() && (method.getName().equals("commit") || commitsItself(target, method, args))) {
        throw new SQLException("simulated: connection lost during commit", "08006");
      }
      return method.invoke(target, args);
    });
  }

  /** A ledger write prepared on a connection in autocommit mode: it commits when it runs. */
  private static boolean commitsItself(Connection target, Method method, Object[] args) throws SQLException {
    return method.getName().startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String sql
        && target.getAutoCommit() && WRITE.matcher(sql).find();
  }

  private static final java.util.regex.Pattern WRITE =
      java.util.regex.Pattern.compile("\\bINSERT\\s+INTO\\s+\\S*event\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

  private interface Call {
    Object invoke(Method method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T target, Call call) {
    InvocationHandler h = (p, method, args) -> {
      try {
        return call.invoke(method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(FailingCommits.class.getClassLoader(), new Class<?>[] {type}, h));
  }
}
