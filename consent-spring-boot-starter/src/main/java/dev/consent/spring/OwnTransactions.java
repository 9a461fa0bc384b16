package dev.consent.spring;

import javax.sql.DataSource;
import org.springframework.util.ClassUtils;

/**
 * Keeps the JDBC store out of the application's transactions. The store takes a connection per
 * operation and commits itself (a ledger append is a compare-and-set on the chain head; a STOP must
 * be stored whatever happens to the business transaction around it). A plain pool already does that;
 * a {@code TransactionAwareDataSourceProxy} would hand out the transaction's connection, so it is
 * unwrapped to its target.
 */
final class OwnTransactions {
  private static final boolean SPRING_JDBC = ClassUtils.isPresent(
      "org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy", OwnTransactions.class.getClassLoader());

  private OwnTransactions() {}

  static DataSource unwrap(DataSource ds) {
    if (SPRING_JDBC && ds instanceof org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy proxy) {
      DataSource target = proxy.getTargetDataSource();
      return target == null ? ds : target;
    }
    return ds;
  }
}
