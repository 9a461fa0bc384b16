package dev.consent.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) that needs something a fresh machine may lack. When a requirement is
 * missing, every test of the class is reported as skipped with the reason, its {@code @BeforeAll},
 * {@code @AfterAll} and per-test set-up are not run, and the skip is counted in the build's skip
 * summary. With {@code -Dconsent.requireServices=true} (CI) a missing requirement fails the tests
 * instead.
 *
 * <pre>{@code
 * public static final class Postgres implements Requirement {
 *   public String missing() {
 *     return reachable("127.0.0.1", 5432) ? null : "PostgreSQL unreachable at 127.0.0.1:5432";
 *   }
 * }
 *
 * @Needs(Postgres.class)
 * static class MyStorePostgresTest {
 *   // the tests that need the server
 * }
 *
 * static boolean reachable(String host, int port) {
 *   try (java.net.Socket s = new java.net.Socket(host, port)) {
 *     return true;
 *   } catch (java.io.IOException e) {
 *     return false;
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(NeedsExtension.class)
public @interface Needs {

  /** What the tests need; each is checked once per JVM. */
  Class<? extends Requirement>[] value();
}
