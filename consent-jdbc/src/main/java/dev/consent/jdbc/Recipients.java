package dev.consent.jdbc;

import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.error.ConsentStoreException;
import dev.consent.spi.RecipientStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The gate's campaign read ({@link dev.consent.spi.ConsentStore#recipients}): the status of one
 * purpose and every suppression of many numbers, one joined statement per chunk of numbers (subject,
 * then its status and its suppressions by subject id), so each subject is found once per campaign
 * instead of once per kind of row. With {@link JdbcConsentStore.Builder#parallelReads}, the numbers are
 * split into parts read on several connections at once.
 */
final class Recipients {
  private final Db db;
  private final Subjects subjects;
  private final Suppressions suppressions;
  /** Below this many numbers per part, another connection costs more than it saves. */
  static final int MIN_PART = 5_000;
  private final @Nullable Executor executor;
  private final int parts;
  /** Rows of subjects with a status of the purpose or a suppression; one row per suppression. */
  private final String select;

  Recipients(Db db, Tables t, Subjects subjects, Suppressions suppressions, @Nullable Executor executor,
      int parts) {
    this.db = db;
    this.executor = executor;
    this.parts = executor == null ? 1 : parts;
    this.subjects = subjects;
    this.suppressions = suppressions;
    select = "SELECT s.subject_ref, st.state, st.since, st.granted_at, st.notice_version, st.seq,"
        + " x.scope, x.reason, x.created_at, x.data_key_id, x.evidence"
        + " FROM " + t.subject + " s"
        + " LEFT JOIN " + t.status + " st ON st.subject_id = s.id AND st.purpose_id = ?"
        + " LEFT JOIN " + t.suppression + " x ON x.subject_id = s.id"
        + " WHERE s.tenant = ? AND ";
  }

  Map<PhoneNumber, RecipientStatus> read(String tenant, Collection<PhoneNumber> numbers, String purposeId) {
    List<PhoneNumber> distinct = new ArrayList<>(new LinkedHashSet<>(numbers));
    int n = Math.min(parts, Math.max(1, distinct.size() / MIN_PART));
    if (n <= 1) {
      return readPart(tenant, distinct, purposeId);
    }
    // Parts 1..n-1 on the executor, part 0 here; every part is awaited before anything is returned or thrown.
    List<CompletableFuture<Map<PhoneNumber, RecipientStatus>>> others = new ArrayList<>(n - 1);
    for (int p = 1; p < n; p++) {
      List<PhoneNumber> part = distinct.subList(p * distinct.size() / n, (p + 1) * distinct.size() / n);
      try {
        others.add(CompletableFuture.supplyAsync(() -> readPart(tenant, part, purposeId), executor));
      } catch (RuntimeException e) { // the executor refused the task: read that part here
        others.add(CompletableFuture.completedFuture(readPart(tenant, part, purposeId)));
      }
    }
    Map<PhoneNumber, RecipientStatus> out = new HashMap<>(Db.capacity(distinct.size()));
    RuntimeException failed = null;
    try {
      out.putAll(readPart(tenant, distinct.subList(0, distinct.size() / n), purposeId));
    } catch (RuntimeException e) {
      failed = e;
    }
    for (CompletableFuture<Map<PhoneNumber, RecipientStatus>> f : others) {
      try {
        out.putAll(f.join());
      } catch (CompletionException | CancellationException e) {
        failed = failed != null ? failed : unwrap(e);
      }
    }
    if (failed != null) {
      throw failed instanceof ConsentStoreException ? failed
          : new ConsentStoreException("read recipients failed: " + failed.getClass().getSimpleName(), failed);
    }
    return out;
  }

  private static RuntimeException unwrap(RuntimeException e) {
    return e.getCause() instanceof RuntimeException r ? r : e;
  }

  /** One part: keyed hashes, then one joined statement per chunk. */
  private Map<PhoneNumber, RecipientStatus> readPart(String tenant, List<PhoneNumber> numbers, String purposeId) {
    Map<String, PhoneNumber> byRef = new LinkedHashMap<>(Db.capacity(numbers.size()));
    for (PhoneNumber n : numbers) {
      byRef.put(subjects.ref(tenant, n), n);
    }
    Map<PhoneNumber, ConsentStatus> statuses = new HashMap<>(Db.capacity(byRef.size()));
    Map<PhoneNumber, List<Suppression>> suppressed = new HashMap<>();
    for (List<String> chunk : db.chunks(byRef.keySet())) {
      db.autocommit("read recipients", c -> {
        try (PreparedStatement ps = c.prepareStatement(select + db.anyOf("s.subject_ref", chunk.size())
            + " AND (st.subject_id IS NOT NULL OR x.subject_id IS NOT NULL)")) {
          ps.setString(1, purposeId);
          ps.setString(2, tenant);
          db.bindAnyOf(c, ps, 3, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String ref = rs.getString(1);
              PhoneNumber n = byRef.get(ref);
              String state = rs.getString(2);
              if (state != null && !statuses.containsKey(n)) {
                statuses.put(n, new ConsentStatus(tenant, n, purposeId, ConsentState.valueOf(state),
                    db.requiredInstant(rs, 3), db.instant(rs, 4), rs.getString(5), rs.getLong(6)));
              }
              String scope = rs.getString(7);
              if (scope != null) {
                suppressed.computeIfAbsent(n, k -> new ArrayList<>(2)).add(suppressions.suppression(c, tenant, n,
                    ref, scope, rs.getString(8), db.requiredInstant(rs, 9), rs.getString(10), rs.getString(11)));
              }
            }
          }
        }
        return null;
      });
    }
    Map<PhoneNumber, RecipientStatus> out = new HashMap<>(Db.capacity(byRef.size()));
    for (PhoneNumber n : byRef.values()) {
      ConsentStatus status = statuses.get(n);
      List<Suppression> list = suppressed.get(n);
      out.put(n, new RecipientStatus(status != null ? status : ConsentStatus.none(tenant, n, purposeId),
          list == null ? List.of() : List.copyOf(list)));
    }
    return out;
  }
}
