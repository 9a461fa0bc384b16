package dev.consent.receipt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.consent.ChainReport;
import dev.consent.error.ConsentException;
import dev.consent.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A signed checkpoint of a tenant's hash chains: which chain heads moved since the checkpoint
 * before it (their {@code seq} and hash, summed up in {@link #root}), signed with the host's key
 * (Ed25519 or P-256, as a compact JWS, RFC 7515) and linked to the checkpoint before it by its
 * {@link #digest()}.
 *
 * <p>A database writer can rebuild a whole chain with hashes that match (the chain's hash is not
 * keyed), but not without the signing key re-sign the checkpoints that anchored its old head: {@code
 * registry().verify()} then reports the rebuilt chain. Hand {@link #jws()} (or {@link #digest()}) to
 * a witness outside the database (a transparency log, an RFC 3161 time-stamping authority, another
 * system); {@link dev.consent.receipt.ChainCheckpoints#verify(ChainCheckpoint)} later checks the store
 * against it, which also catches checkpoints deleted or replaced after it.
 *
 * <pre>{@code
 * ChainCheckpoint cp = kit.checkpoints().create().checkpoint();    // e.g. every hour
 * witness.publish(cp.jws());
 * // later, anywhere, with only the public key:
 * ChainCheckpoint seen = ChainCheckpoint.verify(jwsFromWitness, publicKey);
 * ChainReport report = auditKit.checkpoints().verify(seen);
 * }</pre>
 *
 * @param tenant the tenant whose chains it anchors
 * @param number its position among the tenant's checkpoints, from 1
 * @param createdAt when it was made (the clock of the instance that made it)
 * @param chains how many chain heads it anchors (those that moved since the checkpoint before)
 * @param root SHA-256 (hex) over its anchored heads in subject reference order
 * @param previous the {@link #digest()} of the checkpoint before it ({@link #GENESIS} for the first)
 * @param jws the compact JWS whose payload holds all of the above
 * @since 0.5
 */
public record ChainCheckpoint(String tenant, long number, Instant createdAt, long chains, String root,
    String previous, String jws) {

  /** The {@code previous} of a tenant's first checkpoint. */
  public static final String GENESIS = "0".repeat(64);

  /** The payload's {@code typ}: the version of this format. */
  public static final String TYPE = "consent-checkpoint/v1";

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> FIELDS = Set.of("typ", "tenant", "number", "createdAt", "chains", "root",
      "previous");
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  public ChainCheckpoint {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(jws, "jws");
    if (number < 1 || chains < 0) {
      throw new InvalidInputException("a checkpoint's number starts at 1 and it anchors no negative count of chains");
    }
    if (!HEX64.matcher(Objects.requireNonNull(root, "root")).matches()
        || !HEX64.matcher(Objects.requireNonNull(previous, "previous")).matches()) {
      throw new InvalidInputException("a checkpoint's root and previous digest are 64 lower-case hex digits");
    }
  }

  /**
   * Signs a new checkpoint. The kit does this in {@link dev.consent.receipt.ChainCheckpoints#create()}; a host
   * needs it only to build its own tooling.
   */
  public static ChainCheckpoint sign(ReceiptSigner signer, String tenant, long number, Instant createdAt, long chains,
      String root, String previous) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("typ", TYPE);
    payload.put("tenant", tenant);
    payload.put("number", number);
    payload.put("createdAt", createdAt.toString());
    payload.put("chains", chains);
    payload.put("root", root);
    payload.put("previous", previous);
    byte[] bytes;
    try {
      bytes = STRICT.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new ConsentException("could not write a checkpoint", e);
    }
    return new ChainCheckpoint(tenant, number, createdAt, chains, root, previous, signer.sign(bytes));
  }

  /**
   * Checks a checkpoint's JWS against the public key and reads it.
   *
   * @throws InvalidInputException when the signature does not verify under {@code key}, or the
   *     payload is not a checkpoint of this format
   */
  public static ChainCheckpoint verify(String jws, PublicKey key) {
    ReceiptVerification v = ReceiptVerifier.of(key).verify(jws);
    if (!(v instanceof ReceiptVerification.Valid valid)) {
      ReceiptVerification.Invalid invalid = (ReceiptVerification.Invalid) v;
      throw new InvalidInputException("checkpoint rejected: " + invalid.reason() + " (" + invalid.detail() + ")");
    }
    try {
      JsonNode p = STRICT.readTree(valid.payload());
      if (p == null || !p.isObject() || p.size() != FIELDS.size() || !FIELDS.stream().allMatch(p::has)
          || !TYPE.equals(p.get("typ").asText()) || !p.get("number").canConvertToExactIntegral()
          || !p.get("chains").canConvertToExactIntegral()) {
        throw new InvalidInputException("checkpoint rejected: the payload is not a " + TYPE);
      }
      return new ChainCheckpoint(text(p, "tenant"), p.get("number").longValue(), Instant.parse(text(p, "createdAt")),
          p.get("chains").longValue(), text(p, "root"), text(p, "previous"), jws);
    } catch (IOException | DateTimeParseException | NullPointerException e) {
      throw new InvalidInputException("checkpoint rejected: the payload is not a " + TYPE);
    }
  }

  private static String text(JsonNode p, String field) {
    JsonNode n = p.get(field);
    if (!n.isTextual()) {
      throw new InvalidInputException("checkpoint rejected: " + field + " is not a string");
    }
    return n.textValue();
  }

  /** SHA-256 (hex) of {@link #jws()}: what the next checkpoint links to, and what a witness can time-stamp. */
  public String digest() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jws.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
