package dev.consent.jdbc;

import dev.consent.receipt.ChainCheckpoint;
import dev.consent.spi.AnchoredHead;
import dev.consent.spi.ChainHead;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Signed checkpoints and the chain heads each anchors (V10). Saving is one transaction whose
 * checkpoint row is a compare-and-set on the number: the primary key (tenant, checkpoint_no) lets
 * one instance have each number, and a number is only taken when the one before it exists.
 */
final class CheckpointRows {
  private static final String CHECKPOINT_COLUMNS = "checkpoint_no, created_at, chains, root, previous, jws";

  private final Db db;
  private final Tables t;

  CheckpointRows(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  Optional<ChainCheckpoint> latest(String tenant) {
    return db.autocommit("read the newest checkpoint", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + CHECKPOINT_COLUMNS + " FROM " + t.checkpoint
          + " WHERE tenant = ? ORDER BY checkpoint_no DESC LIMIT 1")) {
        ps.setString(1, tenant);
        List<ChainCheckpoint> out = read(ps, tenant);
        return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
      }
    });
  }

  List<ChainCheckpoint> list(String tenant, long after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return db.autocommit("read checkpoints", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + CHECKPOINT_COLUMNS + " FROM " + t.checkpoint
          + " WHERE tenant = ? AND checkpoint_no > ? ORDER BY checkpoint_no LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setLong(2, after);
        ps.setInt(3, limit);
        return read(ps, tenant);
      }
    });
  }

  private List<ChainCheckpoint> read(PreparedStatement ps, String tenant) throws SQLException {
    List<ChainCheckpoint> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new ChainCheckpoint(tenant, rs.getLong(1), db.requiredInstant(rs, 2), rs.getLong(3), rs.getString(4),
            rs.getString(5), rs.getString(6)));
      }
    }
    return out;
  }

  /** The newest anchored head of each subject, one statement per chunk of references. */
  Map<String, AnchoredHead> anchored(String tenant, Collection<String> refs) {
    if (refs.isEmpty()) {
      return Map.of();
    }
    return db.autocommit("read anchored heads", c -> {
      Map<String, AnchoredHead> out = new HashMap<>(Db.capacity(refs.size()));
      for (List<String> chunk : db.chunks(new LinkedHashSet<>(refs))) {
        try (PreparedStatement ps = c.prepareStatement("SELECT subject_ref, checkpoint_no, seq, hash, legacy_events FROM "
            + t.checkpointHead + " WHERE tenant = ? AND " + db.anyOf("subject_ref", chunk.size())
            + " ORDER BY subject_ref, checkpoint_no")) {
          ps.setString(1, tenant);
          db.bindAnyOf(c, ps, 2, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              AnchoredHead h = head(rs);
              out.put(h.subjectRef(), h);
            }
          }
        }
      }
      return out;
    });
  }

  List<AnchoredHead> heads(String tenant, long checkpoint, @Nullable String after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return db.autocommit("read a checkpoint's heads", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT subject_ref, checkpoint_no, seq, hash, legacy_events FROM "
          + t.checkpointHead + " WHERE tenant = ? AND checkpoint_no = ? AND subject_ref > ? ORDER BY subject_ref LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setLong(2, checkpoint);
        ps.setString(3, after == null ? "" : after);
        ps.setInt(4, limit);
        List<AnchoredHead> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(head(rs));
          }
        }
        return out;
      }
    });
  }

  private static AnchoredHead head(ResultSet rs) throws SQLException {
    return new AnchoredHead(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5));
  }

  /**
   * Inserts the checkpoint only if the one before it exists (or it is number 1) and its number is
   * free, then its heads; all in one transaction, nothing when the number was taken.
   */
  boolean save(ChainCheckpoint cp, List<AnchoredHead> heads) {
    for (AnchoredHead h : heads) {
      if (h.checkpoint() != cp.number()) {
        throw new IllegalArgumentException("each head must belong to the checkpoint it is saved with");
      }
    }
    return db.transaction("save a checkpoint", c -> {
      if (!insertCheckpoint(c, cp)) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.checkpointHead
          + " (tenant, checkpoint_no, subject_ref, seq, hash, legacy_events) VALUES (?, ?, ?, ?, ?, ?)")) {
        int batched = 0;
        for (AnchoredHead h : heads) {
          ps.setString(1, cp.tenant());
          ps.setLong(2, cp.number());
          ps.setString(3, h.subjectRef());
          ps.setLong(4, h.seq());
          ps.setString(5, h.hash());
          ps.setLong(6, h.legacyEvents());
          ps.addBatch();
          if (++batched % 1000 == 0) {
            ps.executeBatch();
          }
        }
        if (batched % 1000 != 0) {
          ps.executeBatch();
        }
      }
      return true;
    });
  }

  /**
   * The compare-and-set: an INSERT ... SELECT that adds the row only when the tenant's newest
   * checkpoint is number - 1. Two instances that both see it insert the same primary key: the
   * database keeps one, the other gets no row (or a unique violation on H2), and stores nothing.
   */
  private boolean insertCheckpoint(Connection c, ChainCheckpoint cp) throws SQLException {
    String newest = "SELECT COALESCE(MAX(checkpoint_no), 0) FROM " + t.checkpoint + " WHERE tenant = ?";
    long before;
    try (PreparedStatement ps = c.prepareStatement(newest)) {
      ps.setString(1, cp.tenant());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        before = rs.getLong(1);
      }
    }
    if (before != cp.number() - 1) {
      return false;
    }
    try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.checkpoint,
        "tenant, " + CHECKPOINT_COLUMNS, 7))) {
      ps.setString(1, cp.tenant());
      ps.setLong(2, cp.number());
      db.setInstant(ps, 3, cp.createdAt());
      ps.setLong(4, cp.chains());
      ps.setString(5, cp.root());
      ps.setString(6, cp.previous());
      ps.setString(7, cp.jws());
      return Db.inserted(ps);
    }
  }

  /** The heads of these subjects, one statement per chunk. */
  Map<String, ChainHead> chainHeads(String tenant, Collection<String> refs) {
    if (refs.isEmpty()) {
      return Map.of();
    }
    return db.autocommit("read chain heads", c -> {
      Map<String, ChainHead> out = new HashMap<>(Db.capacity(refs.size()));
      for (List<String> chunk : db.chunks(new LinkedHashSet<>(refs))) {
        try (PreparedStatement ps = c.prepareStatement("SELECT subject_ref, last_seq, last_hash FROM " + t.subject
            + " WHERE tenant = ? AND last_seq > 0 AND " + db.anyOf("subject_ref", chunk.size()))) {
          ps.setString(1, tenant);
          db.bindAnyOf(c, ps, 2, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), new ChainHead(rs.getString(1), rs.getLong(2), rs.getString(3), null));
            }
          }
        }
      }
      return out;
    });
  }
}
