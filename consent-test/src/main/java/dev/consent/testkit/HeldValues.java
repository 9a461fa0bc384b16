package dev.consent.testkit;

import dev.consent.PhoneNumber;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every string reachable from an object of this library (through its fields, collections, maps and
 * arrays), and every phone number as its E.164 string: to prove that an in-memory store no longer
 * holds a value anywhere.
 */
public final class HeldValues {
  private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
  private final List<String> strings = new ArrayList<>();

  private HeldValues() {}

  /** The strings reachable from {@code root}. */
  public static List<String> of(Object root) {
    HeldValues h = new HeldValues();
    h.walk(root);
    return h.strings;
  }

  private void walk(Object o) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof String s) {
      strings.add(s);
    } else if (o instanceof PhoneNumber n) {
      strings.add(n.e164());
    } else if (o instanceof Map<?, ?> m) {
      new ArrayList<>(m.entrySet()).forEach(e -> {
        walk(e.getKey());
        walk(e.getValue());
      });
    } else if (o instanceof Collection<?> c) {
      new ArrayList<>(c).forEach(this::walk);
    } else if (o instanceof Object[] a) {
      for (Object x : a) {
        walk(x);
      }
    } else if (o.getClass().getName().startsWith("dev.consent.") && !(o instanceof Enum<?>)) {
      for (Class<?> k = o.getClass(); k != null && k.getName().startsWith("dev.consent."); k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
            f.setAccessible(true);
            try {
              walk(f.get(o));
            } catch (IllegalAccessException e) {
              throw new AssertionError(e);
            }
          }
        }
      }
    }
  }
}
