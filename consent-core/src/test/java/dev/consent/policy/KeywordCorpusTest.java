package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Recall and false opt-outs per language on the project's labelled corpus ({@code keyword-corpus.tsv},
 * written for this project from the keyword sources and natural variants). Prints a table (CI logs
 * it) and fails when a language's recall falls below, or its false opt-outs rise above, the floors
 * measured when the corpus was written ({@code keyword-corpus-floors.properties}).
 */
@DisplayName("keyword corpus: recall and false opt-outs per language")
class KeywordCorpusTest {
  private static final KeywordClassifier CLASSIFIER = KeywordClassifier.defaults();

  record Reply(String language, Intent expected, String text) {}

  static final class Score {
    int replies;
    int optOuts;
    int caught;
    int others;
    int falseOptOuts;
    int exact;

    double recall() {
      return optOuts == 0 ? 1.0 : (double) caught / optOuts;
    }
  }

  static List<Reply> corpus() throws IOException {
    List<Reply> replies = new ArrayList<>();
    try (InputStream in = KeywordCorpusTest.class.getResourceAsStream("keyword-corpus.tsv");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 3);
        replies.add(new Reply(parts[0], Intent.valueOf(parts[1]), parts[2]));
      }
    }
    return replies;
  }

  static Map<String, Score> score(List<Reply> replies, KeywordClassifier classifier) {
    Map<String, Score> scores = new TreeMap<>();
    for (Reply r : replies) {
      Intent got = classifier.classify(r.text()).intent();
      for (String key : List.of(r.language(), "ALL")) {
        Score s = scores.computeIfAbsent(key, k -> new Score());
        s.replies++;
        s.exact += got == r.expected() ? 1 : 0;
        if (r.expected().isOptOut()) {
          s.optOuts++;
          s.caught += got.isOptOut() ? 1 : 0;
        } else {
          s.others++;
          s.falseOptOuts += got.isOptOut() ? 1 : 0;
        }
      }
    }
    return scores;
  }

  @Test
  @DisplayName("holds at least 1,500 labelled replies in every bundled language")
  void size() throws IOException {
    List<Reply> replies = corpus();
    Properties index = KeywordResources.load("keywords", "index");

    assertThat(replies).hasSizeGreaterThanOrEqualTo(1500);
    assertThat(replies.stream().map(Reply::language).distinct())
        .containsAll(KeywordResources.list(index, "languages"));
  }

  @Test
  @DisplayName("recall and false opt-outs stay within the measured floors")
  void floors() throws IOException {
    Map<String, Score> scores = score(corpus(), CLASSIFIER);
    Properties floors = new Properties();
    try (InputStream in = KeywordCorpusTest.class.getResourceAsStream("keyword-corpus-floors.properties")) {
      floors.load(in);
    }
    StringBuilder table = new StringBuilder(
        String.format("%n%-5s %7s %8s %8s %7s %12s %8s%n", "lang", "replies", "opt-outs", "caught", "recall",
            "false-optout", "intent"));
    scores.forEach((language, s) -> table.append(String.format("%-5s %7d %8d %8d %6.1f%% %6d/%-5d %7.1f%%%n",
        language, s.replies, s.optOuts, s.caught, 100 * s.recall(), s.falseOptOuts, s.others,
        100.0 * s.exact / s.replies)));
    System.out.println(table);

    scores.forEach((language, s) -> {
      double minRecall = Double.parseDouble(floors.getProperty(language + ".recall", "1.0"));
      int maxFalse = Integer.parseInt(floors.getProperty(language + ".falseOptOuts", "0"));
      assertThat(s.recall()).as("%s recall", language).isGreaterThanOrEqualTo(minRecall);
      assertThat(s.falseOptOuts).as("%s false opt-outs", language).isLessThanOrEqualTo(maxFalse);
    });
  }
}
