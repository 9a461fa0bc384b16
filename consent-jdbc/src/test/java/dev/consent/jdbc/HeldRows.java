package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Reads every column of every row of one tenant, in every table of the store, as text: where a value is held. */
final class HeldRows {
  private HeldRows() {}

  /** {@code table.column} of every cell of the tenant's rows that contains {@code value}. */
  static List<String> holding(TestDatabases.TestDb db, DataSource pool, String tenant, String value) {
    List<String> hits = new ArrayList<>();
    try (Connection c = pool.getConnection()) {
      for (String table : tables(db, c)) {
        List<String> columns = columns(db, c, table);
        String where = columns.contains("tenant") ? " WHERE tenant = ?"
            : columns.contains("subject_id")
                ? " WHERE subject_id IN (SELECT id FROM " + db.table("consent_subject") + " WHERE tenant = ?)" : null;
        if (where == null) {
          continue;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + db.table(table) + where)) {
          ps.setString(1, tenant);
          try (ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= n; i++) {
                String text = rs.getString(i);
                if (text != null && text.contains(value)) {
                  hits.add(table + "." + rs.getMetaData().getColumnName(i));
                }
              }
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return hits;
  }

  private static List<String> columns(TestDatabases.TestDb db, Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + db.table(table) + " WHERE 1 = 0")) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.add(rs.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static List<String> tables(TestDatabases.TestDb db, Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema = db.dialect == Dialect.POSTGRESQL ? db.schema : null;
    String catalog = db.dialect.isMySqlFamily() ? db.schema : null;
    List<String> out = new ArrayList<>();
    try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (name.startsWith("consent_")) {
          out.add(name);
        }
      }
    }
    assertThat(out).contains("consent_event", "consent_subject", "consent_message", "consent_suppression");
    return out;
  }
}
