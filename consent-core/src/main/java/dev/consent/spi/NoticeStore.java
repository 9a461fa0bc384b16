package dev.consent.spi;

import dev.consent.Notice;
import java.util.Optional;

/**
 * Notices that grants reference, immutable once stored. The test kit's {@code NoticeStoreContract}
 * checks the rules.
 *
 * @since 0.5
 */
public interface NoticeStore {

  /**
   * Stores a notice. Storing the same (purpose, version) again with the same text is a no-op; with
   * a different text it throws {@link dev.consent.error.ConsentStoreException}, since grants reference it.
   */
  void saveNotice(String tenant, Notice notice);

  Optional<Notice> notice(String tenant, String purposeId, String version);
}
