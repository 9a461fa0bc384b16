package dev.consent.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules across modules: only here are all modules on one classpath. */
@DisplayName("Module boundaries")
class ModuleBoundariesTest {

  static final JavaClasses LIBRARY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.consent");

  @Test
  @DisplayName("adapters and the JDBC store use core's public API and SPI only, never its internals")
  void noInternalLeaks() {
    noClasses().that().resideInAnyPackage("dev.consent.jdbc..", "dev.consent.sms..", "dev.consent.examples..")
        .should().dependOnClassesThat().resideInAPackage("dev.consent.internal..")
        .check(LIBRARY);
  }

  @Test
  @DisplayName("core depends on no adapter, store or example")
  void coreStandsAlone() {
    noClasses().that().resideInAnyPackage("dev.consent", "dev.consent.spi..", "dev.consent.internal..",
            "dev.consent.memory..", "dev.consent.policy..", "dev.consent.carrier..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.consent.jdbc..", "dev.consent.sms..",
            "dev.consent.examples..")
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
}
