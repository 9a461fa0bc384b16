package dev.consent.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules across modules: only here are all modules on one classpath. */
@DisplayName("Module boundaries")
class ModuleBoundariesTest {

  static final JavaClasses LIBRARY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.consent");

  @Test
  @DisplayName("every module but core uses core's exported packages only, never dev.consent.internal..")
  void noInternalLeaks() {
    noClasses().that().resideInAnyPackage("dev.consent.jdbc..", "dev.consent.sms..", "dev.consent.examples..",
            "dev.consent.feed.rabbitmq..", "dev.consent.feed.kafka..", "dev.consent.spring..", "dev.consent.testkit..")
        .should().dependOnClassesThat().resideInAPackage("dev.consent.internal..")
        .check(LIBRARY);
  }

  @Test
  @DisplayName("core depends on no adapter, store or example")
  void coreStandsAlone() {
    noClasses().that().resideInAnyPackage("dev.consent", "dev.consent.error", "dev.consent.spi..",
            "dev.consent.internal..", "dev.consent.memory..", "dev.consent.policy..", "dev.consent.carrier..",
            "dev.consent.receipt..", "dev.consent.kit..", "dev.consent.feed")
        .should().dependOnClassesThat().resideInAnyPackage("dev.consent.jdbc..", "dev.consent.sms..",
            "dev.consent.examples..", "dev.consent.feed.rabbitmq..", "dev.consent.feed.kafka..", "dev.consent.spring..",
            "dev.consent.testkit..")
        .check(LIBRARY);
  }

  @Test
  @DisplayName("the carrier adapters do not depend on each other or on the JDBC store")
  void adaptersIndependent() {
    noClasses().that().resideInAPackage("dev.consent.sms.twilio..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.consent.sms.vonage..", "dev.consent.jdbc..")
        .check(LIBRARY);
    noClasses().that().resideInAPackage("dev.consent.sms.vonage..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.consent.sms.twilio..", "dev.consent.jdbc..")
        .check(LIBRARY);
  }

  @Test
  @DisplayName("in the JDBC store, the adapters, the feeds and the starter, no classes of a package depend on each other in a cycle")
  void noClassCycles() {
    slices().assignedFrom(TOP_LEVEL_CLASSES_OUTSIDE_CORE).should().beFreeOfCycles().check(LIBRARY);
  }

  /**
   * Each top-level class (its nested classes with it) of the modules outside core is a slice; core's
   * own package and class cycles are checked by core's {@code ArchitectureTest}.
   */
  static final SliceAssignment TOP_LEVEL_CLASSES_OUTSIDE_CORE = new SliceAssignment() {
    private final List<String> packages = List.of("dev.consent.jdbc", "dev.consent.sms.twilio",
        "dev.consent.sms.vonage", "dev.consent.feed.rabbitmq", "dev.consent.feed.kafka", "dev.consent.spring");

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      JavaClass top = c;
      while (top.getEnclosingClass().isPresent()) {
        top = top.getEnclosingClass().get();
      }
      return packages.contains(top.getPackageName()) ? SliceIdentifier.of(top.getName()) : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "top-level classes of the modules outside core";
    }
  };
}
