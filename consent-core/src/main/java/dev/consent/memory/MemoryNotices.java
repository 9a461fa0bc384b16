package dev.consent.memory;

import dev.consent.Notice;
import dev.consent.error.ConsentStoreException;
import dev.consent.spi.NoticeStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The notices of {@link InMemoryConsentStore}: one immutable text per (tenant, purpose, version). */
final class MemoryNotices implements NoticeStore {
  private record Key(String tenant, String purposeId, String version) {}

  private final Map<Key, Notice> notices = new ConcurrentHashMap<>();

  @Override
  public void saveNotice(String tenant, Notice notice) {
    Notice existing = notices.putIfAbsent(new Key(tenant, notice.purposeId(), notice.version()), notice);
    if (existing != null && !existing.equals(notice)) {
      throw new ConsentStoreException(
          "notice " + notice.purposeId() + "/" + notice.version() + " is already stored with another text");
    }
  }

  @Override
  public Optional<Notice> notice(String tenant, String purposeId, String version) {
    return Optional.ofNullable(notices.get(new Key(tenant, purposeId, version)));
  }
}
