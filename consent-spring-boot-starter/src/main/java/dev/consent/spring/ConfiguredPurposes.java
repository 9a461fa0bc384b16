package dev.consent.spring;

import dev.consent.Notice;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.error.ConfigurationException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The programs, purposes and notices of {@code consent.*} as the kit's values. */
final class ConfiguredPurposes {
  private ConfiguredPurposes() {}

  static List<Purpose> purposes(ConsentProperties p) {
    Map<String, Program> programs = new HashMap<>();
    for (ConsentProperties.ProgramProperties pp : p.getPrograms()) {
      String id = required(pp.getId(), "consent.programs[].id");
      programs.put(id, new Program(id, required(pp.getName(), "consent.programs[" + id + "].name"), pp.getSenders(),
          required(pp.getFrequency(), "consent.programs[" + id + "].frequency"),
          Map.of("en", required(pp.getHelp(), "consent.programs[" + id + "].help")), pp.getJoinKeywords(), "en"));
    }
    return p.getPurposes().stream().map(pp -> purpose(pp, programs)).toList();
  }

  private static Purpose purpose(ConsentProperties.PurposeProperties pp, Map<String, Program> programs) {
    String id = required(pp.getId(), "consent.purposes[].id");
    String programId = required(pp.getProgram(), "consent.purposes[" + id + "].program");
    Program program = programs.get(programId);
    if (program == null) {
      throw new ConfigurationException("consent.purposes[" + id + "].program names no program of consent.programs: "
          + programId);
    }
    String description = required(pp.getDescription(), "consent.purposes[" + id + "].description");
    return switch (pp.getKind().toLowerCase(Locale.ROOT)) {
      case "marketing" -> Purpose.marketing(id, description, program, pp.getValidity());
      case "service" -> Purpose.service(id, description, program);
      default -> throw new ConfigurationException("consent.purposes[" + id + "].kind must be marketing or service");
    };
  }

  static List<Notice> notices(ConsentProperties p) {
    return p.getNotices().stream().map(n -> new Notice(required(n.getPurpose(), "consent.notices[].purpose"),
        required(n.getVersion(), "consent.notices[].version"), n.getLanguage(),
        required(n.getText(), "consent.notices[].text"))).toList();
  }

  private static String required(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(name + " is required");
    }
    return value;
  }
}
