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
}
