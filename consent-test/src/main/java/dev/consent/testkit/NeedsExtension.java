package dev.consent.testkit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Runs {@link Needs}: disables each test (not the class, so the build reports every test as skipped,
 * with its reason) and skips the class's {@code @BeforeAll} and {@code @AfterAll} methods when a
 * requirement is missing; under {@code consent.requireServices=true} it fails them instead.
 */
final class NeedsExtension implements ExecutionCondition, InvocationInterceptor {
  private static final Map<Class<? extends Requirement>, Optional<String>> CHECKED = new ConcurrentHashMap<>();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return classCondition(context);
    }
    String missing = missing(context);
    if (missing == null) {
      return ConditionEvaluationResult.enabled("requirements met");
    }
    Skips.record(missing);
    return ConditionEvaluationResult.disabled(missing);
  }

  /**
   * A class with @Nested groups, and such a group, is checked per test (groups run inside their
   * class). A class without is
   * skipped as a whole when a requirement is missing, before JUnit creates its instance: a class
   * whose instance needs the service (a Spring test context on a database) would otherwise fail
   * while being created. Each of its tests counts in the skip summary.
   */
  private static ConditionEvaluationResult classCondition(ExtensionContext context) {
    Class<?> type = context.getRequiredTestClass();
    if (AnnotationSupport.isAnnotated(type, org.junit.jupiter.api.Nested.class) || hasNestedGroups(type)) {
      return ConditionEvaluationResult.enabled("requirements are checked per test");
    }
    String missing = missing(context);
    if (missing == null) {
      return ConditionEvaluationResult.enabled("requirements met");
    }
    for (int i = 0; i < testMethods(type); i++) {
      Skips.record(missing);
    }
    return ConditionEvaluationResult.disabled(missing);
  }

  private static boolean hasNestedGroups(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Class<?> inner : c.getDeclaredClasses()) {
        if (AnnotationSupport.isAnnotated(inner, org.junit.jupiter.api.Nested.class)) {
          return true;
        }
      }
    }
    return false;
  }

  private static int testMethods(Class<?> type) {
    return org.junit.platform.commons.support.AnnotationSupport.findAnnotatedMethods(type,
        org.junit.jupiter.api.Test.class, org.junit.platform.commons.support.HierarchyTraversalMode.TOP_DOWN).size();
  }

  @Override
  public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext context) throws Throwable {
    proceedUnlessMissing(invocation, context);
  }

  @Override
  public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext context) throws Throwable {
    proceedUnlessMissing(invocation, context);
  }

  private static void proceedUnlessMissing(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
    if (missing(context) == null) {
      invocation.proceed();
    } else {
      invocation.skip();
    }
  }

  /** The first missing requirement of the test and its classes, or null; fails under requireServices. */
  private static @Nullable String missing(ExtensionContext context) {
    for (Class<? extends Requirement> r : requirements(context)) {
      Optional<String> why = CHECKED.computeIfAbsent(r, NeedsExtension::check);
      if (why.isPresent()) {
        if (Boolean.getBoolean("consent.requireServices")) {
          throw new AssertionError(why.get() + ", and consent.requireServices=true makes it required");
        }
        return why.get();
      }
    }
    return null;
  }

  private static Optional<String> check(Class<? extends Requirement> type) {
    return Optional.ofNullable(ReflectionSupport.newInstance(type).missing());
  }

  private static List<Class<? extends Requirement>> requirements(ExtensionContext context) {
    List<Class<? extends Requirement>> out = new ArrayList<>();
    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, Needs.class))
        .ifPresent(n -> out.addAll(List.of(n.value())));
    // the contexts of the running classes, not getEnclosingClass(): a contract's @Nested groups are
    // declared in the abstract contract but run inside the concrete (annotated) subclass
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      c.getTestClass().flatMap(t -> AnnotationSupport.findAnnotation(t, Needs.class))
          .ifPresent(n -> out.addAll(List.of(n.value())));
    }
    return out;
  }
}
