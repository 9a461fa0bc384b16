package dev.consent.internal;

import dev.consent.Notice;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores a configured notice the first time an event references it, so that building a kit does no
 * I/O and a grant's notice is in the store before the grant. Saving is idempotent in the store
 * ({@link dev.consent.spi.NoticeStore#saveNotice}); this class saves each notice once per kit after
 * a success, and tries again after a failure. A version the kit does not configure (an import's)
 * is not saved. Not API.
 */
final class NoticeSaver {
  private final KitContext ctx;
  private final Set<String> saved = ConcurrentHashMap.newKeySet();

  NoticeSaver(KitContext ctx) {
    this.ctx = ctx;
  }

  void ensureStored(String purposeId, String version) {
    String key = KitContext.noticeKey(purposeId, version);
    if (saved.contains(key)) {
      return;
    }
    Optional<Notice> notice = ctx.notice(purposeId, version);
    if (notice.isEmpty()) {
      return;
    }
    ctx.store().saveNotice(ctx.tenant(), notice.get());
    saved.add(key);
  }
}
