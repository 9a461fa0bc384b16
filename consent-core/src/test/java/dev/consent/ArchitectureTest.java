package dev.consent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Architecture")
class ArchitectureTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.consent");

  @Test
  @DisplayName("the API and the SPIs do not depend on the in-memory implementations")
  void apiIndependentOfMemory() {
    ArchRule rule = noClasses().that().resideInAnyPackage("dev.consent", "dev.consent.spi", "dev.consent.policy",
            "dev.consent.receipt")
        .should().dependOnClassesThat().resideInAPackage("dev.consent.memory..");
    rule.check(CLASSES);
  }

  @Test
  @DisplayName("the in-memory implementations use only the public SPI, no internal code")
  void spiIndependentOfInternals() {
    noClasses().that().resideInAnyPackage("dev.consent.memory..")
        .should().dependOnClassesThat().resideInAPackage("dev.consent.internal..")
        .check(CLASSES);
  }

  @Test
  @DisplayName("no public API signature exposes an internal type")
  void noInternalInSignatures() {
    classes().that().resideInAnyPackage("dev.consent", "dev.consent.spi", "dev.consent.policy", "dev.consent.memory",
            "dev.consent.receipt")
        .and().arePublic()
        .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaClass>(
            "expose no dev.consent.internal type in public members") {
          @Override
          public void check(com.tngtech.archunit.core.domain.JavaClass c,
              com.tngtech.archunit.lang.ConditionEvents events) {
            c.getMethods().stream()
                .filter(m -> m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC))
                .forEach(m -> {
                  boolean leaks = m.getRawReturnType().getPackageName().startsWith("dev.consent.internal")
                      || m.getRawParameterTypes().stream().anyMatch(p -> p.getPackageName().startsWith("dev.consent.internal"));
                  if (leaks) {
                    events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(m, m.getFullName() + " exposes an internal type"));
                  }
                });
          }
        })
        .check(CLASSES);
  }

  @Test
  @DisplayName("library code never prints to stdout or stderr")
  void noSystemOut() {
    noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .check(CLASSES);
  }

  @Test
  @DisplayName("public value types and services are final or sealed")
  void finalClasses() {
    classes().that().resideInAnyPackage("dev.consent", "dev.consent.memory", "dev.consent.policy",
            "dev.consent.receipt")
        .and().arePublic().and().areNotInterfaces().and().areNotEnums().and().areNotRecords()
        .and().areNotAssignableTo(Throwable.class)
        .should().haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
        .check(CLASSES);
  }

  /**
   * Every dependency between this module's packages, as the design allows it. The API package holds
   * the composition root ({@code ConsentKit}) beside the values and the exceptions everything uses, so
   * it depends on the implementation packages and they on it; API, SPI, policy and receipt values
   * check and mask their fields with {@code internal.Checks} and {@code internal.Redact}; receipts
   * render through {@code internal.ReceiptRendering}. Removing those cycles needs public types to
   * move (ConsentKit out of {@code dev.consent}, the exceptions and the checks into a leaf package):
   * a source-incompatible change left for a major version. This test fails on any other edge, so no
   * new one appears unnoticed, and on an edge that is gone, so the list stays true.
   */
  static final java.util.Set<String> PACKAGE_EDGES = java.util.Set.of(
      "dev.consent -> feed", "dev.consent -> internal", "dev.consent -> policy", "dev.consent -> receipt",
      "dev.consent -> spi",
      "carrier -> dev.consent", "carrier -> spi",
      "feed -> dev.consent",
      "internal -> dev.consent", "internal -> feed", "internal -> memory", "internal -> policy", "internal -> receipt",
      "internal -> spi",
      "memory -> dev.consent", "memory -> feed", "memory -> receipt", "memory -> spi",
      "policy -> dev.consent", "policy -> internal",
      "receipt -> dev.consent", "receipt -> internal",
      "spi -> dev.consent", "spi -> feed", "spi -> internal", "spi -> receipt");

  private static String shortName(String pkg) {
    return pkg.equals("dev.consent") ? pkg : pkg.substring("dev.consent.".length());
  }

  @Test
  @DisplayName("packages depend on each other only as documented (no new edge, no stale one)")
  void packageEdges() {
    java.util.Set<String> edges = new java.util.TreeSet<>();
    for (com.tngtech.archunit.core.domain.JavaClass c : CLASSES) {
      for (com.tngtech.archunit.core.domain.Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = d.getTargetClass().getPackageName();
        if (to.startsWith("dev.consent") && !to.equals(c.getPackageName())) {
          edges.add(shortName(c.getPackageName()) + " -> " + shortName(to));
        }
      }
    }
    org.assertj.core.api.Assertions.assertThat(edges).containsExactlyInAnyOrderElementsOf(PACKAGE_EDGES);
  }

  /** The one cycle of classes across packages the design keeps (see {@link #PACKAGE_EDGES}). */
  static final java.util.Set<java.util.Set<String>> CROSS_PACKAGE_CYCLES = java.util.Set.of(
      java.util.Set.of("receipt.ConsentReceipt", "internal.ReceiptRendering", "internal.Json"));

  @Test
  @DisplayName("no cycle of classes crosses packages, but the documented one (a leaf constant once tied 25 classes)")
  void classCycles() {
    java.util.List<java.util.Set<String>> crossing = ClassCycles.of(CLASSES).stream()
        .filter(scc -> scc.stream().map(n -> n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : "").distinct().count() > 1)
        .toList();
    org.assertj.core.api.Assertions.assertThat(crossing).containsExactlyInAnyOrderElementsOf(CROSS_PACKAGE_CYCLES);
  }

  @Test
  @DisplayName("the change feed's API depends on the API values only")
  void feedIsALeaf() {
    noClasses().that().resideInAPackage("dev.consent.feed")
        .should().dependOnClassesThat().resideInAnyPackage("dev.consent.internal..", "dev.consent.memory..",
            "dev.consent.spi..", "dev.consent.policy..", "dev.consent.receipt..")
        .check(CLASSES);
  }

  /** Strongly connected components of top-level classes (nested classes folded into their outer class). */
  static final class ClassCycles {
    private final java.util.Map<String, java.util.Set<String>> graph = new java.util.TreeMap<>();
    private final java.util.Map<String, Integer> index = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> low = new java.util.HashMap<>();
    private final java.util.Deque<String> stack = new java.util.ArrayDeque<>();
    private final java.util.Set<String> onStack = new java.util.HashSet<>();
    private final java.util.List<java.util.Set<String>> components = new java.util.ArrayList<>();
    private int next;

    static java.util.List<java.util.Set<String>> of(JavaClasses classes) {
      ClassCycles c = new ClassCycles();
      for (com.tngtech.archunit.core.domain.JavaClass from : classes) {
        String f = top(from);
        java.util.Set<String> out = c.graph.computeIfAbsent(f, k -> new java.util.TreeSet<>());
        for (com.tngtech.archunit.core.domain.Dependency d : from.getDirectDependenciesFromSelf()) {
          if (d.getTargetClass().getPackageName().startsWith("dev.consent")) {
            String t = top(d.getTargetClass());
            if (!t.equals(f)) {
              out.add(t);
            }
          }
        }
      }
      c.graph.keySet().forEach(v -> {
        if (!c.index.containsKey(v)) {
          c.visit(v);
        }
      });
      return c.components.stream().filter(s -> s.size() > 1).toList();
    }

    private static String top(com.tngtech.archunit.core.domain.JavaClass c) {
      com.tngtech.archunit.core.domain.JavaClass t = c;
      while (t.getEnclosingClass().isPresent()) {
        t = t.getEnclosingClass().get();
      }
      return t.getName().substring("dev.consent.".length());
    }

    private void visit(String v) {
      index.put(v, next);
      low.put(v, next++);
      stack.push(v);
      onStack.add(v);
      for (String w : graph.getOrDefault(v, java.util.Set.of())) {
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        java.util.Set<String> scc = new java.util.TreeSet<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          scc.add(w);
        } while (!w.equals(v));
        components.add(scc);
      }
    }
  }
}
