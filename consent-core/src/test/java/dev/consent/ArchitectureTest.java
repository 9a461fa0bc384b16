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
    ArchRule rule = noClasses().that().resideInAnyPackage("dev.consent", "dev.consent.error", "dev.consent.spi",
            "dev.consent.policy", "dev.consent.receipt", "dev.consent.feed", "dev.consent.carrier")
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
  @DisplayName("library code never prints to stdout or stderr")
  void noSystemOut() {
    noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .check(CLASSES);
  }

  @Test
  @DisplayName("public value types and services are final or sealed")
  void finalClasses() {
    classes().that().resideInAnyPackage("dev.consent", "dev.consent.memory", "dev.consent.policy",
            "dev.consent.receipt", "dev.consent.kit")
        .and().arePublic().and().areNotInterfaces().and().areNotEnums().and().areNotRecords()
        .and().areNotAssignableTo(Throwable.class)
        .should().haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
        .check(CLASSES);
  }

  /**
   * Every dependency between this module's packages, as the design layers them (README, Architecture):
   * {@code error} (the exceptions) at the bottom; {@code internal.base} (the argument checks and
   * hashing every value uses) on it; the API values and services in {@code dev.consent} on those two;
   * {@code feed}, {@code policy}, {@code receipt}, {@code spi}, {@code carrier} and {@code memory} on the
   * API; the engine in {@code internal} on all of them; and the composition root {@code kit}
   * ({@code ConsentKit}) on top. The graph has no cycle ({@link #noPackageCycle}). This test fails on
   * any other edge, so no new one appears unnoticed, and on an edge that is gone, so the list stays true.
   */
  static final java.util.Set<String> PACKAGE_EDGES = java.util.Set.of(
      "internal.base -> error",
      "dev.consent -> error", "dev.consent -> internal.base",
      "feed -> dev.consent", "feed -> error",
      "policy -> dev.consent", "policy -> error", "policy -> internal.base",
      "receipt -> dev.consent", "receipt -> error",
      "spi -> dev.consent", "spi -> error", "spi -> feed", "spi -> internal.base", "spi -> receipt",
      "carrier -> dev.consent", "carrier -> error",
      "memory -> dev.consent", "memory -> error", "memory -> feed", "memory -> receipt", "memory -> spi",
      "internal -> dev.consent", "internal -> error", "internal -> feed", "internal -> internal.base",
      "internal -> policy", "internal -> receipt", "internal -> spi",
      "kit -> dev.consent", "kit -> error", "kit -> feed", "kit -> internal", "kit -> internal.base",
      "kit -> memory", "kit -> policy", "kit -> receipt", "kit -> spi");

  private static String shortName(String pkg) {
    return pkg.equals("dev.consent") ? pkg : pkg.substring("dev.consent.".length());
  }

  /** The package graph of the main classes: package to the packages its classes use. */
  static java.util.Map<String, java.util.Set<String>> packageGraph() {
    java.util.Map<String, java.util.Set<String>> graph = new java.util.TreeMap<>();
    for (com.tngtech.archunit.core.domain.JavaClass c : CLASSES) {
      java.util.Set<String> out = graph.computeIfAbsent(shortName(c.getPackageName()), k -> new java.util.TreeSet<>());
      for (com.tngtech.archunit.core.domain.Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = d.getTargetClass().getPackageName();
        if (to.startsWith("dev.consent") && !to.equals(c.getPackageName())) {
          out.add(shortName(to));
        }
      }
    }
    return graph;
  }

  @Test
  @DisplayName("packages depend on each other only as documented (no new edge, no stale one)")
  void packageEdges() {
    java.util.Set<String> edges = new java.util.TreeSet<>();
    packageGraph().forEach((from, tos) -> tos.forEach(to -> edges.add(from + " -> " + to)));
    org.assertj.core.api.Assertions.assertThat(edges).containsExactlyInAnyOrderElementsOf(PACKAGE_EDGES);
  }

  @Test
  @DisplayName("no cycle of packages: every package can be read before the ones that use it")
  void noPackageCycle() {
    java.util.List<java.util.Set<String>> cycles = StronglyConnected.components(packageGraph());
    org.assertj.core.api.Assertions.assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  @DisplayName("the cycle finder finds a cycle (the two rules above cannot pass vacuously)")
  void cycleFinderWorks() {
    java.util.Map<String, java.util.Set<String>> g = new java.util.TreeMap<>();
    g.put("a", java.util.Set.of("b"));
    g.put("b", java.util.Set.of("c"));
    g.put("c", java.util.Set.of("a", "d"));
    g.put("d", java.util.Set.of());
    org.assertj.core.api.Assertions.assertThat(StronglyConnected.components(g))
        .containsExactly(java.util.Set.of("a", "b", "c"));
  }

  @Test
  @DisplayName("no cycle of classes crosses packages")
  void classCycles() {
    java.util.List<java.util.Set<String>> crossing = StronglyConnected.components(classGraph()).stream()
        .filter(scc -> scc.stream().map(n -> n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : "").distinct().count() > 1)
        .toList();
    org.assertj.core.api.Assertions.assertThat(crossing).isEmpty();
  }

  @Test
  @DisplayName("the packages hosts may use (exported) never expose a non-exported one in a public signature")
  void exportedPackagesStandAlone() {
    classes().that().resideInAnyPackage(EXPORTED.toArray(String[]::new)).and().arePublic()
        .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaClass>(
            "expose no type of a non-exported package in a public or protected member") {
          @Override
          public void check(com.tngtech.archunit.core.domain.JavaClass c,
              com.tngtech.archunit.lang.ConditionEvents events) {
            java.util.stream.Stream.concat(c.getMethods().stream(), c.getConstructors().stream())
                .filter(m -> m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                    || m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PROTECTED))
                .forEach(m -> java.util.stream.Stream.concat(java.util.stream.Stream.of(m.getRawReturnType()),
                        m.getRawParameterTypes().stream())
                    .filter(t -> t.getPackageName().startsWith("dev.consent") && !EXPORTED.contains(t.getPackageName()))
                    .forEach(t -> events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(m,
                        m.getFullName() + " exposes " + t.getName()))));
            c.getFields().stream()
                .filter(x -> x.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC))
                .filter(x -> x.getRawType().getPackageName().startsWith("dev.consent")
                    && !EXPORTED.contains(x.getRawType().getPackageName()))
                .forEach(x -> events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(x,
                    x.getFullName() + " exposes " + x.getRawType().getName())));
          }
        })
        .check(CLASSES);
  }

  /**
   * The packages a host, an adapter or a store may use: the API, the exceptions, the SPI and its
   * helpers, the in-memory store and the kit. {@code dev.consent.internal} and
   * {@code dev.consent.internal.base} are not among them (the examples module's
   * {@code ModuleBoundariesTest} holds every other module to this list).
   */
  static final java.util.Set<String> EXPORTED = java.util.Set.of("dev.consent", "dev.consent.error",
      "dev.consent.spi", "dev.consent.policy", "dev.consent.receipt", "dev.consent.feed", "dev.consent.carrier",
      "dev.consent.memory", "dev.consent.kit");

  @Test
  @DisplayName("every package of core is either exported or internal")
  void everyPackageClassified() {
    java.util.Set<String> all = new java.util.TreeSet<>();
    CLASSES.forEach(c -> all.add(c.getPackageName()));
    org.assertj.core.api.Assertions.assertThat(all)
        .allMatch(p -> EXPORTED.contains(p) || p.startsWith("dev.consent.internal"), "exported or internal");
  }

  @Test
  @DisplayName("the change feed's API depends on the API values only")
  void feedIsALeaf() {
    noClasses().that().resideInAPackage("dev.consent.feed")
        .should().dependOnClassesThat().resideInAnyPackage("dev.consent.internal..", "dev.consent.memory..",
            "dev.consent.spi..", "dev.consent.policy..", "dev.consent.receipt..")
        .check(CLASSES);
  }

  /** Top-level classes (nested classes folded into their outer class) and the ones each uses. */
  static java.util.Map<String, java.util.Set<String>> classGraph() {
    java.util.Map<String, java.util.Set<String>> graph = new java.util.TreeMap<>();
    for (com.tngtech.archunit.core.domain.JavaClass from : CLASSES) {
      String f = top(from);
      java.util.Set<String> out = graph.computeIfAbsent(f, k -> new java.util.TreeSet<>());
      for (com.tngtech.archunit.core.domain.Dependency d : from.getDirectDependenciesFromSelf()) {
        if (d.getTargetClass().getPackageName().startsWith("dev.consent")) {
          String t = top(d.getTargetClass());
          if (!t.equals(f)) {
            out.add(t);
          }
        }
      }
    }
    return graph;
  }

  private static String top(com.tngtech.archunit.core.domain.JavaClass c) {
    com.tngtech.archunit.core.domain.JavaClass t = c;
    while (t.getEnclosingClass().isPresent()) {
      t = t.getEnclosingClass().get();
    }
    return t.getName().substring("dev.consent.".length());
  }

  /** The strongly connected components of more than one vertex (Tarjan): the cycles of a graph. */
  static final class StronglyConnected {
    private final java.util.Map<String, java.util.Set<String>> graph;
    private final java.util.Map<String, Integer> index = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> low = new java.util.HashMap<>();
    private final java.util.Deque<String> stack = new java.util.ArrayDeque<>();
    private final java.util.Set<String> onStack = new java.util.HashSet<>();
    private final java.util.List<java.util.Set<String>> components = new java.util.ArrayList<>();
    private int next;

    private StronglyConnected(java.util.Map<String, java.util.Set<String>> graph) {
      this.graph = graph;
    }

    static java.util.List<java.util.Set<String>> components(java.util.Map<String, java.util.Set<String>> graph) {
      StronglyConnected c = new StronglyConnected(graph);
      graph.keySet().forEach(v -> {
        if (!c.index.containsKey(v)) {
          c.visit(v);
        }
      });
      return c.components.stream().filter(s -> s.size() > 1).toList();
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
