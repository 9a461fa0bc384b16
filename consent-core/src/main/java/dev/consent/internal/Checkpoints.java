package dev.consent.internal;

import dev.consent.ChainReport;
import dev.consent.ConsentEvent;
import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import dev.consent.internal.base.Hashing;
import dev.consent.receipt.ChainCheckpoint;
import dev.consent.receipt.ChainCheckpoints;
import dev.consent.receipt.ReceiptSigner;
import dev.consent.spi.AnchoredHead;
import dev.consent.spi.ChainHead;
import dev.consent.spi.CheckpointStore;
import dev.consent.spi.EventChain;
import dev.consent.spi.StoredChain;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Makes and checks signed checkpoints of the chain heads ({@link ChainCheckpoints}), and gives the
 * registry's {@code verify()} the anchored heads to check each chain against. Not API.
 */
public final class Checkpoints implements ChainCheckpoints {
  /** The subject reference a break of the checkpoints themselves (not of one chain) names. */
  public static final String CHECKPOINTS = "checkpoints";
  private static final int PAGE = 500;
  private static final int MAX_ATTEMPTS = 20;
  private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

  private final KitContext ctx;
  private final @Nullable CheckpointStore store;
  private final @Nullable ReceiptSigner signer;
  private final @Nullable PublicKey key;
  private @Nullable ChainReportSource chains;

  /** How the registry verifies every chain (so that {@link #verify(ChainCheckpoint)} includes it). */
  public interface ChainReportSource {
    ChainReport verifyAll();
  }

  public Checkpoints(KitContext ctx, @Nullable CheckpointStore store, @Nullable ReceiptSigner signer,
      @Nullable PublicKey key) {
    this.ctx = ctx;
    this.store = store;
    this.signer = signer;
    this.key = key;
  }

  public void chains(ChainReportSource source) {
    this.chains = source;
  }

  @Override
  public Result create() {
    CheckpointStore cps = requireStore();
    if (signer == null) {
      throw new ConfigurationException("no checkpoint signing key: set ConsentKit.Builder.checkpointKeys");
    }
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      long started = System.nanoTime();
      Optional<ChainCheckpoint> latest = cps.latestCheckpoint(ctx.tenant());
      long number = latest.map(c -> c.number() + 1).orElse(1L);
      List<AnchoredHead> heads = new ArrayList<>();
      List<ChainReport.Break> refused = new ArrayList<>();
      long[] read = {0, 0};
      moved(cps, number, heads, refused, read);
      heads.sort(java.util.Comparator.comparing(AnchoredHead::subjectRef));
      ChainCheckpoint cp = ChainCheckpoint.sign(signer, ctx.tenant(), number, ctx.clock().instant(), heads.size(),
          root(heads), latest.map(ChainCheckpoint::digest).orElse(ChainCheckpoint.GENESIS));
      if (cps.saveCheckpoint(cp, heads)) {
        return new Result(cp, new ChainReport(read[0], read[1], refused));
      }
      backOff(attempt, System.nanoTime() - started);
    }
    throw new ConsentStoreException("checkpoint: other instances took the next number " + MAX_ATTEMPTS
        + " times in a row; nothing was stored, try again");
  }

  /**
   * Waits a random time before the next attempt, up to the lost attempt's own duration doubled per
   * attempt (at most {@link #MAX_BACKOFF}): a checkpoint over many chains takes far longer than a fixed
   * few milliseconds, and racers that retried at once kept colliding (CheckpointStoreContract's
   * three-instance race lost ten in a row on a loaded machine).
   */
  private static void backOff(int attempt, long attemptNanos) {
    long bound = Math.min(MAX_BACKOFF.toNanos(), Math.max(1_000_000L, attemptNanos) << Math.min(attempt, 6));
    java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
  }

  /** Collects the heads that moved since they were last anchored, of chains that verify. */
  private void moved(CheckpointStore cps, long number, List<AnchoredHead> heads, List<ChainReport.Break> refused,
      long[] read) {
    String after = null;
    while (true) {
      List<String> page = ctx.store().subjectRefs(ctx.tenant(), after, PAGE);
      Map<String, ChainHead> now = ctx.store().heads(ctx.tenant(), page);
      Map<String, AnchoredHead> anchored = cps.anchoredHeads(ctx.tenant(), page);
      for (String ref : page) {
        ChainHead head = now.get(ref);
        AnchoredHead was = anchored.get(ref);
        if (head == null || (was != null && was.seq() == head.seq() && was.hash().equals(head.hash()))) {
          continue;
        }
        StoredChain chain = ctx.store().chain(ctx.tenant(), ref);
        List<ChainReport.Break> breaks = new ArrayList<>(EventChain.verify(chain).breaks());
        breaks.addAll(breaks(chain, was));
        read[0]++;
        read[1] += chain.events().size();
        if (breaks.isEmpty()) {
          heads.add(new AnchoredHead(ref, number, chain.headSeq(), chain.headHash(),
              EventChain.legacyEvents(chain.events(), chain.headSeq())));
        } else {
          refused.addAll(breaks);
        }
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1);
    }
  }

  /** The anchored heads of a page of subjects (none when the kit has no checkpoint store). */
  public Map<String, AnchoredHead> anchored(Collection<String> subjectRefs) {
    return store == null || subjectRefs.isEmpty() ? Map.of() : store.anchoredHeads(ctx.tenant(), subjectRefs);
  }

  /**
   * Where a chain no longer holds the head a checkpoint anchored: the event at that {@code seq} is
   * gone, has another hash (the chain was rebuilt), or the count of hash version 1 events up to it
   * changed (an event was downgraded to escape the content check).
   */
  public static List<ChainReport.Break> breaks(StoredChain chain, @Nullable AnchoredHead anchored) {
    if (anchored == null) {
      return List.of();
    }
    ConsentEvent at = chain.events().stream().filter(e -> e.seq() == anchored.seq()).findFirst().orElse(null);
    String where = " anchored by checkpoint " + anchored.checkpoint();
    String problem = null;
    if (at == null) {
      problem = "the event" + where + " is missing";
    } else if (!at.hash().equals(anchored.hash())) {
      problem = "the event's hash differs from the one" + where + ": the chain was rebuilt";
    } else if (EventChain.legacyEvents(chain.events(), anchored.seq()) != anchored.legacyEvents()) {
      problem = "hash versions differ from those" + where + ": events were downgraded";
    }
    return problem == null ? List.of()
        : List.of(new ChainReport.Break(chain.subjectRef(), at == null ? null : at.number(), anchored.seq(), problem));
  }

  /**
   * Checks the checkpoints themselves, when the kit has a key: numbered 1..n without a gap, each
   * signature valid and equal to the stored fields, each linked to the one before, each one's heads
   * still adding up to its root, and every anchored subject still present with at least that many
   * events. Without a key, nothing (the registry still checks each chain against its anchored head).
   */
  public ChainReport verifyCheckpoints() {
    if (store == null || key == null) {
      return new ChainReport(0, 0, List.of());
    }
    List<ChainReport.Break> breaks = new ArrayList<>();
    String previous = ChainCheckpoint.GENESIS;
    long expected = 1;
    long after = 0;
    while (true) {
      List<ChainCheckpoint> page = store.checkpoints(ctx.tenant(), after, 100);
      for (ChainCheckpoint cp : page) {
        if (cp.number() != expected) {
          breaks.add(problem(cp.number(), "checkpoints " + expected + " to " + (cp.number() - 1) + " are missing"));
        }
        String signed = signedProblem(cp);
        if (signed != null) {
          breaks.add(problem(cp.number(), signed));
        }
        if (!cp.previous().equals(previous)) {
          breaks.add(problem(cp.number(), "does not link to the checkpoint before it"));
        }
        heads(cp, breaks);
        previous = cp.digest();
        expected = cp.number() + 1;
      }
      if (page.size() < 100) {
        return new ChainReport(0, 0, breaks);
      }
      after = page.get(page.size() - 1).number();
    }
  }

  private @Nullable String signedProblem(ChainCheckpoint cp) {
    try {
      ChainCheckpoint signed = ChainCheckpoint.verify(cp.jws(), key);
      return signed.equals(cp) && signed.tenant().equals(ctx.tenant()) ? null
          : "the stored fields differ from what was signed";
    } catch (InvalidInputException e) {
      return "the signature does not verify under the kit's checkpoint key";
    }
  }

  /** Adds up one checkpoint's heads against its root and checks each anchored subject is still there. */
  private void heads(ChainCheckpoint cp, List<ChainReport.Break> breaks) {
    MessageDigest md = rootDigest();
    long count = 0;
    String after = null;
    while (true) {
      List<AnchoredHead> page = store.checkpointHeads(ctx.tenant(), cp.number(), after, PAGE);
      Map<String, ChainHead> now = ctx.store().heads(ctx.tenant(), page.stream().map(AnchoredHead::subjectRef).toList());
      for (AnchoredHead h : page) {
        if (after != null && h.subjectRef().compareTo(after) <= 0 || h.checkpoint() != cp.number()) {
          breaks.add(problem(cp.number(), "its anchored heads are out of order or belong to another checkpoint"));
        }
        ChainHead head = now.get(h.subjectRef());
        if (head == null || head.seq() < h.seq()) {
          breaks.add(new ChainReport.Break(h.subjectRef(), null, h.seq(),
              "the chain anchored by checkpoint " + cp.number() + " is gone or shorter than it was"));
        }
        add(md, h);
        count++;
        after = h.subjectRef();
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    if (count != cp.chains() || !HexFormat.of().formatHex(md.digest()).equals(cp.root())) {
      breaks.add(problem(cp.number(), "its anchored heads no longer add up to its signed root"));
    }
  }

  @Override
  public Optional<ChainCheckpoint> latest() {
    return requireStore().latestCheckpoint(ctx.tenant());
  }

  @Override
  public List<ChainCheckpoint> list(long after, int limit) {
    if (limit < 1 || limit > 1000 || after < 0) {
      throw new InvalidInputException("limit must be 1-1000 and after not negative");
    }
    return requireStore().checkpoints(ctx.tenant(), after, limit);
  }

  @Override
  public ChainReport verify(ChainCheckpoint witnessed) {
    CheckpointStore cps = requireStore();
    if (key == null) {
      throw new ConfigurationException("no checkpoint key: set ConsentKit.Builder.checkpointKeys or checkpointVerifier");
    }
    if (witnessed == null) {
      throw new InvalidInputException("the witnessed checkpoint is required");
    }
    ChainCheckpoint signed = ChainCheckpoint.verify(witnessed.jws(), key);
    if (!signed.tenant().equals(ctx.tenant())) {
      throw new InvalidInputException("the witnessed checkpoint belongs to another tenant");
    }
    ChainReport report = chains == null ? verifyCheckpoints() : chains.verifyAll();
    List<ChainCheckpoint> held = cps.checkpoints(ctx.tenant(), signed.number() - 1, 1);
    if (held.isEmpty() || held.get(0).number() != signed.number()) {
      return report.plus(new ChainReport(0, 0, List.of(problem(signed.number(),
          "the witnessed checkpoint is missing from the store"))));
    }
    if (!held.get(0).digest().equals(signed.digest())) {
      return report.plus(new ChainReport(0, 0, List.of(problem(signed.number(),
          "the store holds another checkpoint under the witnessed one's number"))));
    }
    return report;
  }

  private CheckpointStore requireStore() {
    if (store == null) {
      throw new ConfigurationException("the store keeps no checkpoints: give ConsentKit.Builder.checkpointStore");
    }
    return store;
  }

  private static ChainReport.Break problem(long checkpoint, String what) {
    return new ChainReport.Break(CHECKPOINTS, null, checkpoint, "checkpoint " + checkpoint + ": " + what);
  }

  /** SHA-256 (hex) over the heads in the order given (subject reference order). */
  static String root(List<AnchoredHead> heads) {
    MessageDigest md = rootDigest();
    heads.forEach(h -> add(md, h));
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest rootDigest() {
    MessageDigest md = Hashing.sha256();
    put(md, "consent-checkpoint-heads/v1");
    return md;
  }

  private static void add(MessageDigest md, AnchoredHead h) {
    put(md, h.subjectRef());
    put(md, Long.toString(h.seq()));
    put(md, h.hash());
    put(md, Long.toString(h.legacyEvents()));
  }

  private static void put(MessageDigest md, String field) {
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    md.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    md.update(bytes);
  }
}
