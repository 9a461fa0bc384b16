package dev.consent.testkit;

import dev.consent.PhoneNumber;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves that no public record of a module prints personal data or a secret in its {@code
 * toString()}: a host that logs a value must not leak what the library never logs itself.
 *
 * <p>It finds every public record type in the given packages of the module's compiled main classes,
 * builds one instance of each through its canonical constructor, and fills each component by its
 * type: a {@link PhoneNumber} ({@link #NUMBER}), secret keys and byte arrays always count as personal;
 * a string, a string collection or a map's values count as personal when the component's name holds
 * one of {@link #PERSONAL_WORDS} (a body, a text, a code, a hash, a request id, an address, evidence,
 * headers...), unless {@link #READABLE} names it as readable on purpose (a carrier's error code, the
 * ledger's chain hashes). Personal strings get recognisable values ({@code SECRET-BODY-4711}), other
 * strings plain ones (the component's name), nested records and sealed types are built the same way.
 * Each {@code toString()} must contain none of the personal values, in none of a number's written
 * forms. A record whose constructor refuses generic values needs a factory from the test.
 */
public final class RecordToStrings {
  /** The number every built record holds. */
  public static final PhoneNumber NUMBER = PhoneNumber.parse("+14155550123");

  /** Words of a component name (split at camel case) that make its strings personal or secret. */
  public static final Set<String> PERSONAL_WORDS = Set.of("body", "text", "code", "hash", "address", "ip",
      "evidence", "secret", "key", "token", "password", "payload", "reply", "normalized", "headers", "signature",
      "query", "number", "msisdn", "e164", "phone");

  /**
   * Components whose names sound personal but whose values are not, as {@code Record.component} or
   * {@code component} for every record, with the reason they stay readable.
   */
  public static final Map<String, String> READABLE = Map.ofEntries(
      Map.entry("errorCode", "a carrier's error code, e.g. Twilio 30003"),
      Map.entry("CarrierError.code", "a carrier's error code or HTTP status"),
      Map.entry("idempotencyKey", "the caller's de-duplication key, an id it chose"),
      Map.entry("keyId", "names a key, never its material"),
      Map.entry("ConsentEvent.hash", "chain hash: integrity data, verifiable by anyone holding the chain"),
      Map.entry("ConsentEvent.prevHash", "chain hash"),
      Map.entry("ConsentEvent.evidenceDigest", "kept after erasure so the chain still verifies"),
      Map.entry("ChainHead.hash", "chain hash"),
      Map.entry("AnchoredHead.hash", "chain hash, as a signed checkpoint anchored it"),
      Map.entry("StoredChain.headHash", "chain hash"),
      Map.entry("ConsentReceipt.eventHash", "chain hash, printed on the receipt itself"),
      Map.entry("ConsentReceipt.noticeHash", "hash of the notice text, which is public"),
      Map.entry("Notice.text", "the notice shown to everyone, not a person's data"),
      Map.entry("Program.helpText", "the program's HELP reply, configuration"));

  /** Components that hold personal data under a name none of the words catch. */
  public static final Set<String> PERSONAL = Set.of(
      "OutgoingSms.reference"); // the request id for a confirmation SMS, whose body holds the code

  private static final Instant AT = Instant.parse("2026-03-02T16:00:00Z");

  private RecordToStrings() {}

  /** Readable values in the formats some constructors insist on, by component name. */
  private static final Map<String, String> FORMATTED = Map.of(
      "scope", "all",
      "optOutScope", "all",
      "policyUrl", "https://example.com/privacy",
      "method", "POST",
      "language", "en",
      "defaultLanguage", "en");

  /** Builds the test's values and remembers which of them no {@code toString()} may print. */
  public static final class Values {
    private final Set<String> personal = new LinkedHashSet<>();
    private final Map<Class<?>, Function<Values, Object>> factories;

    private Values(Map<Class<?>, Function<Values, Object>> factories) {
      this.factories = factories;
    }

    /** {@link #NUMBER}; its written forms become forbidden. */
    public PhoneNumber number() {
      personal.addAll(LogCheck.forms(NUMBER));
      return NUMBER;
    }

    /** A recognisable personal value, e.g. {@code SECRET-BODY-4711}. */
    public String secret(String name) {
      String v = "SECRET-" + name.toUpperCase(Locale.ROOT) + "-4711";
      personal.add(v);
      return v;
    }

    /** A readable value: the name itself, or a value in the format the component needs. */
    public String plain(String name) {
      return FORMATTED.getOrDefault(name, name);
    }

    /** The instant every built record uses. */
    public Instant at() {
      return AT;
    }

    /** A record built like the one under test (for a factory that needs a part built generically). */
    public <T> T build(Class<T> record) {
      try {
        return record.cast(new Builder(this).build(record));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Fails listing every record of {@code packages} (in the main classes that hold {@code anchor})
   * whose {@code toString()} prints a personal value or that cannot be built, and if no record with
   * a personal component was found (the scan would then prove nothing).
   *
   * @param factories builders for records whose constructors refuse generic values
   */
  public static void assertMasked(Class<?> anchor, List<String> packages,
      Map<Class<?>, Function<Values, Object>> factories) {
    List<String> problems = new ArrayList<>();
    int personal = 0;
    List<Class<?>> records = records(anchor, packages);
    for (Class<?> type : records) {
      Values values = new Values(factories);
      Object instance;
      try {
        instance = new Builder(values).build(type);
      } catch (RuntimeException | ReflectiveOperationException e) {
        problems.add(type.getName() + ": cannot be built from generic values (" + cause(e) + "); give the test a factory");
        continue;
      }
      String printed = instance.toString();
      if (!values.personal.isEmpty()) {
        personal++;
      }
      for (String v : values.personal) {
        if (printed.contains(v)) {
          problems.add(type.getName() + " prints \"" + v + "\": " + printed);
          break;
        }
      }
    }
    if (personal == 0) {
      problems.add("none of the " + records.size() + " public records in " + packages + " holds personal data:"
          + " the scan found nothing to check");
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(problems.size() + " record(s) leak personal data through toString():\n  "
          + String.join("\n  ", problems));
    }
  }

  private static String cause(Throwable e) {
    Throwable t = e instanceof InvocationTargetException i && i.getCause() != null ? i.getCause() : e;
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** The public record types of {@code packages} among the classes in {@code anchor}'s class path entry. */
  static List<Class<?>> records(Class<?> anchor, List<String> packages) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("expected the module's compiled classes directory, found " + root);
    }
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        int dot = name.lastIndexOf('.');
        if (dot > 0 && packages.contains(name.substring(0, dot)) && !name.endsWith("package-info")) {
          Class<?> c = Class.forName(name, false, anchor.getClassLoader());
          if (c.isRecord() && isPublic(c)) {
            out.add(c);
          }
        }
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static boolean isPublic(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /** Whether a component of {@code record} holds personal data by its name. */
  static boolean personal(Class<?> record, String component) {
    String qualified = record.getSimpleName() + "." + component;
    if (PERSONAL.contains(qualified)) {
      return true;
    }
    if (READABLE.containsKey(qualified) || READABLE.containsKey(component)) {
      return false;
    }
    String lower = component.toLowerCase(Locale.ROOT);
    if (lower.endsWith("requestid")) {
      return true;
    }
    for (String word : component.split("(?<=[a-z0-9])(?=[A-Z])")) {
      if (PERSONAL_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static final class Builder {
    private final Values values;

    Builder(Values values) {
      this.values = values;
    }

    Object build(Class<?> type) throws ReflectiveOperationException {
      Function<Values, Object> f = values.factories.get(type);
      if (f != null) {
        return f.apply(values);
      }
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        args[i] = value(components[i].getGenericType(), components[i].getName(),
            personal(type, components[i].getName()));
      }
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(args);
    }

    private Object value(Type type, String name, boolean personal) throws ReflectiveOperationException {
      Class<?> raw = raw(type);
      if (raw == PhoneNumber.class) {
        return values.number();
      }
      if (raw == String.class) {
        return personal ? values.secret(name) : values.plain(name);
      }
      if (raw == byte[].class) {
        byte[] bytes = values.secret(name).getBytes(StandardCharsets.UTF_8);
        values.personal.add(Arrays.toString(bytes));
        values.personal.add(Base64.getEncoder().encodeToString(bytes));
        return bytes;
      }
      if (SecretKey.class.isAssignableFrom(raw)) {
        byte[] key = Arrays.copyOf(values.secret(name).getBytes(StandardCharsets.UTF_8), 32);
        values.personal.add(HexFormat.of().formatHex(key));
        values.personal.add(Base64.getEncoder().encodeToString(key));
        values.personal.add(Arrays.toString(key));
        return new SecretKeySpec(key, "AES");
      }
      Object simple = simple(raw, name);
      if (simple != null) {
        return simple;
      }
      if (raw.isEnum()) {
        return raw.getEnumConstants()[0];
      }
      if (raw.isRecord()) {
        return build(raw);
      }
      if (raw.isSealed()) {
        for (Class<?> sub : raw.getPermittedSubclasses()) {
          if (sub.isRecord()) {
            return build(sub);
          }
        }
      }
      if (Map.class.isAssignableFrom(raw)) {
        Type[] kv = arguments(type);
        Object key = value(kv[0], name + "Key", false);
        Object val = value(kv[1], name, personal);
        return SortedMap.class.isAssignableFrom(raw) ? new TreeMap<>(Map.of(key, val)) : Map.of(key, val);
      }
      if (Set.class.isAssignableFrom(raw)) {
        return Set.of(value(arguments(type)[0], name, personal));
      }
      if (Collection.class.isAssignableFrom(raw)) {
        return List.of(value(arguments(type)[0], name, personal));
      }
      throw new IllegalArgumentException("no generic value for " + type.getTypeName() + " " + name);
    }

    private static Object simple(Class<?> raw, String name) {
      if (raw == boolean.class || raw == Boolean.class) {
        return true;
      } else if (raw == int.class || raw == Integer.class) {
        return 1;
      } else if (raw == long.class || raw == Long.class) {
        return 1L;
      } else if (raw == Instant.class) {
        return AT;
      } else if (raw == Duration.class) {
        return Duration.ofHours(1);
      } else if (raw == ZoneId.class) {
        return ZoneId.of("UTC");
      } else if (raw == LocalTime.class) {
        return LocalTime.of(21, 0);
      } else if (raw == MonthDay.class) {
        return MonthDay.of(7, 14);
      } else if (raw == LocalDate.class) {
        return LocalDate.of(2026, 7, 14);
      } else if (raw == URI.class) {
        return URI.create("https://example.com/" + name);
      }
      return null;
    }

    private static Class<?> raw(Type type) {
      if (type instanceof Class<?> c) {
        return c;
      }
      if (type instanceof ParameterizedType p) {
        return (Class<?>) p.getRawType();
      }
      if (type instanceof WildcardType w) {
        return raw(w.getUpperBounds()[0]);
      }
      if (type instanceof TypeVariable<?>) {
        return String.class; // a generic record (a result holder): a plain string stands in
      }
      throw new IllegalArgumentException("no generic value for " + type.getTypeName());
    }

    private static Type[] arguments(Type type) {
      if (type instanceof ParameterizedType p) {
        return p.getActualTypeArguments();
      }
      throw new IllegalArgumentException("a raw collection type: " + type.getTypeName());
    }
  }
}
