package dev.consent.policy;

import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides what an inbound SMS asks for: opt out (STOP, ARRET, "please stop texting me"), opt out
 * of everything (STOP ALL), opt back in (START), confirm a double opt-in (YES), help (HELP, AIDE),
 * something unclear that mentions an opt-out word, or anything else.
 *
 * <p>The body is {@linkplain #normalize(String) normalised} first, then these rules apply in order;
 * the first that matches decides:
 *
 * <ol>
 *   <li><b>Exact</b>: the whole message is a keyword of any intent ("STOP", "ＳＴＯＰ!", "Arrêt",
 *       "YES", "START", "opt-out", "stop all"). A multi-word keyword also matches without its
 *       spaces (OPT OUT = OPTOUT, STOP ALL = STOPALL, NO MAS = NOMAS).
 *   <li><b>Filler</b>: the message is an opt-out or help keyword with polite or emphatic words
 *       around it ("STOP please", "pls stop", "ayuda por favor"), or one typed loosely ("S T O P",
 *       "STOOOP", "st0p"). Opt-in and confirm words never take filler and are never loosened: they
 *       must be the whole message.
 *   <li><b>Request</b>: the message starts with a leading core word (the {@code first=} list:
 *       STOP, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPT OUT, STOP ALL) — "Stop sending these",
 *       "Quit it" — or contains a plain-language opt-out phrase anywhere ("take me off your list",
 *       "wrong number", "no más mensajes"). An opt-out-all phrase wins over an opt-out.
 *   <li><b>Unclear</b>: the message mentions a strong opt-out word (stop, unsubscribe, cancel, opt
 *       out, ...) and is short (at most {@value #UNCLEAR_MAX_WORDS} words) or talks about the
 *       messages themselves ("texts", "messages", "list") — "the bus stop on 5th". The host
 *       answers once with a clarification (FCC 24-24: when in doubt, ask rather than ignore).
 *   <li><b>Help</b>: the message starts with HELP or INFO ("Help me with my order", AWS semantics).
 *   <li>Otherwise {@link Intent#OTHER}.
 * </ol>
 *
 * <p>Keyword lists are bundled per language under {@code dev/consent/policy/keywords/}, each with
 * its sources; {@link #builder()} adds host words. The FCC and CTIA core words cannot be removed.
 * Classification of a message looks at its first {@value KeywordNormalizer#MAX_CHARS} characters
 * only. Immutable and thread-safe.
 *
 * <pre>{@code
 * KeywordClassifier classifier = KeywordClassifier.builder().addOptOut("en", "GO AWAY").build();
 * Classification c = classifier.classify("Baja por favor");   // OPT_OUT, "es"
 * }</pre>
 *
 * @since 0.1
 */
public final class KeywordClassifier {
  /** Longest message (in words) that a mere mention of a strong opt-out word makes UNCLEAR. */
  public static final int UNCLEAR_MAX_WORDS = 8;

  private static final Set<Intent> TAKES_FILLER = Set.of(Intent.OPT_OUT, Intent.OPT_OUT_ALL, Intent.HELP);

  private final Map<String, KeywordEntry> exact = new HashMap<>();
  private final KeywordTrie leadingFiller = new KeywordTrie(false);
  private final KeywordTrie trailingFiller = new KeywordTrie(true);
  private final KeywordTrie lexicon = new KeywordTrie(false);

  private KeywordClassifier(KeywordCatalog catalog) {
    catalog.keywords.forEach(exact::put);
    catalog.keywords.forEach((key, entry) -> exact.putIfAbsent(KeywordCatalog.compact(key), entry));
    leadingFiller.addAll(KeywordRole.FILLER, catalog.filler);
    trailingFiller.addAll(KeywordRole.FILLER, catalog.filler);
    lexicon.addAll(KeywordRole.PHRASE, catalog.phrases);
    lexicon.addAll(KeywordRole.STRONG, catalog.strong);
    lexicon.addAll(KeywordRole.FIRST_OPT_OUT, firstLed(catalog, Intent.OPT_OUT, Intent.OPT_OUT_ALL));
    lexicon.addAll(KeywordRole.FIRST_HELP, firstLed(catalog, Intent.HELP, Intent.HELP));
    KeywordEntry topic = new KeywordEntry(Intent.OTHER, "und");
    catalog.topics.forEach(word -> lexicon.add(KeywordRole.TOPIC, List.of(word), topic));
  }

  /** The bundled keyword lists, unchanged. */
  public static KeywordClassifier defaults() {
    return new KeywordClassifier(KeywordCatalog.bundled());
  }

  /** A builder that starts from the bundled keyword lists. */
  public static Builder builder() {
    return new Builder(KeywordCatalog.bundled());
  }

  /**
   * Upper-case words of the body separated by single spaces: Unicode NFKC compatibility forms
   * (full-width letters), {@link Locale#ROOT} upper case, accents removed (ARRÊT → ARRET),
   * apostrophes and invisible format characters (zero-width, bidi marks) dropped, and every run of
   * other characters (spaces, punctuation, emoji, controls, lone surrogates) turned into one space
   * or trimmed away. Looks at the first {@value KeywordNormalizer#MAX_CHARS} characters. Idempotent.
   *
   * @throws InvalidInputException if {@code body} is null
   */
  public static String normalize(String body) {
    return KeywordNormalizer.normalize(Checks.notNull(body, "body"));
  }

  /**
   * Classifies an inbound message body. Never throws for a non-null string, whatever it holds.
   *
   * @throws InvalidInputException if {@code body} is null
   */
  public Classification classify(String body) {
    String normalized = normalize(body);
    KeywordEntry entry = lookup(normalized);
    if (entry == null) {
      // "СТОР" in Cyrillic letters: an opt-out that cannot be read is still an opt-out (fail safe)
      String latin = Confusables.latin(normalized);
      KeywordEntry lookalike = latin.equals(normalized) ? null : lookup(latin);
      entry = lookalike != null && lookalike.intent().isOptOut() ? lookalike : null;
    }
    return entry == null
        ? new Classification(Intent.OTHER, null, normalized)
        : new Classification(entry.intent(), entry.language(), normalized);
  }

  private @Nullable KeywordEntry lookup(String normalized) {
    if (normalized.isEmpty()) {
      return null;
    }
    KeywordEntry entry = exact.get(normalized);
    return entry != null ? entry : decide(KeywordNormalizer.words(normalized));
  }

  private @Nullable KeywordEntry decide(String[] words) {
    int[] core = withoutFiller(words);
    KeywordEntry entry = withFiller(words, core);
    if (entry == null) {
      entry = lenient(words, core);
    }
    if (entry != null) {
      return entry;
    }
    KeywordTrie.Hits hits = lexicon.scan(words, core[0]);
    KeywordEntry phrase = hits.get(KeywordRole.PHRASE);
    KeywordEntry first = hits.get(KeywordRole.FIRST_OPT_OUT);
    if (phrase != null && (phrase.intent() == Intent.OPT_OUT_ALL || first == null)) {
      return phrase;
    }
    if (first != null) {
      return first;
    }
    KeywordEntry strong = hits.get(KeywordRole.STRONG);
    boolean shortOrAboutMessages = words.length <= UNCLEAR_MAX_WORDS || hits.get(KeywordRole.TOPIC) != null;
    return strong != null && shortOrAboutMessages ? strong : hits.get(KeywordRole.FIRST_HELP);
  }

  /** Opt-out and help words typed loosely: "S T O P", "STOOOP", "ST0P" (never opt-in or confirm). */
  private @Nullable KeywordEntry lenient(String[] words, int[] core) {
    String candidate = KeywordNormalizer.loosened(words, core[0], core[1]);
    KeywordEntry entry = candidate == null ? null : exact.get(candidate);
    return entry != null && TAKES_FILLER.contains(entry.intent()) ? entry : null;
  }

  /** The bounds {@code [from, to)} of the words left after stripping filler at both ends. */
  private int[] withoutFiller(String[] words) {
    int from = 0;
    int to = words.length;
    boolean changed = true;
    while (changed && from < to) {
      KeywordTrie.Match head = leadingFiller.longestAt(words, from, to, KeywordRole.FILLER);
      KeywordTrie.Match tail =
          head == null ? trailingFiller.longestBefore(words, from, to, KeywordRole.FILLER) : null;
      changed = head != null || tail != null;
      from = head == null ? from : head.end();
      to = tail == null ? to : tail.start();
    }
    return new int[] {from, Math.max(from, to)};
  }

  private @Nullable KeywordEntry withFiller(String[] words, int[] core) {
    if (core[0] == core[1] || core[1] - core[0] == words.length) {
      return null;
    }
    KeywordEntry entry = exact.get(String.join(" ", KeywordPattern.words(words, core[0], core[1])));
    return entry != null && TAKES_FILLER.contains(entry.intent()) ? entry : null;
  }

  /** Keywords of the given intents that begin with a leading word, as word sequences. */
  private static Map<List<String>, KeywordEntry> firstLed(KeywordCatalog catalog, Intent a, Intent b) {
    Map<List<String>, KeywordEntry> result = new HashMap<>();
    catalog.keywords.forEach(
        (key, entry) -> {
          List<String> words = List.of(key.split(" "));
          if ((entry.intent() == a || entry.intent() == b) && startsWithLeader(catalog, words)) {
            result.put(words, entry);
          }
        });
    return result;
  }

  private static boolean startsWithLeader(KeywordCatalog catalog, List<String> words) {
    for (int i = 1; i <= words.size(); i++) {
      if (catalog.leads(String.join(" ", words.subList(0, i)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds host keywords to the bundled ones, or removes bundled ones. Words are normalised like
   * messages. A word that already carries another intent must be {@linkplain #remove removed}
   * first; the FCC and CTIA core words (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPT
   * OUT, HELP, INFO, START, UNSTOP, YES) can be neither removed nor given another meaning. Not
   * thread-safe.
   */
  public static final class Builder {
    private final KeywordCatalog catalog;

    private Builder(KeywordCatalog catalog) {
      this.catalog = catalog;
    }

    /** Words that withdraw consent for the program replied to, also with filler around them. */
    public Builder addOptOut(String language, String... words) {
      return add(Intent.OPT_OUT, language, words);
    }

    /** Words that withdraw every consent of the number, also with filler around them. */
    public Builder addOptOutAll(String language, String... words) {
      return add(Intent.OPT_OUT_ALL, language, words);
    }

    /**
     * Plain-language opt-out phrases, matched anywhere in a message. Slots are separated by
     * spaces; {@code A|B} gives alternatives, a trailing {@code ?} makes a slot optional and
     * {@code _} joins words in one alternative: {@code "STOP|QUIT TEXTING|MESSAGING ME?"}.
     */
    public Builder addOptOutPhrases(String language, String... patterns) {
      String tag = language(language);
      for (String pattern : Checks.notNull(patterns, "patterns")) {
        catalog.addPhrase(Intent.OPT_OUT, tag, Checks.notNull(pattern, "pattern"));
      }
      return this;
    }

    /** Words that resubscribe; they only ever match a whole message. */
    public Builder addOptIn(String language, String... words) {
      return add(Intent.OPT_IN, language, words);
    }

    /** Words that ask for help, also with filler around them. */
    public Builder addHelp(String language, String... words) {
      return add(Intent.HELP, language, words);
    }

    /** Words that confirm a pending double opt-in; they only ever match a whole message. */
    public Builder addConfirm(String language, String... words) {
      return add(Intent.CONFIRM, language, words);
    }

    /**
     * Removes a word from every keyword, phrase and strong-word list; does nothing if absent.
     *
     * @throws InvalidInputException if the word is an FCC/CTIA core keyword
     */
    public Builder remove(String word) {
      catalog.remove(Checks.notNull(word, "word"));
      return this;
    }

    /** An immutable classifier; the builder may be changed and built again. */
    public KeywordClassifier build() {
      return new KeywordClassifier(catalog.copy());
    }

    private Builder add(Intent intent, String language, String... words) {
      String tag = language(language);
      for (String word : Checks.notNull(words, "words")) {
        catalog.add(intent, tag, Checks.notNull(word, "word"));
      }
      return this;
    }

    private static String language(String language) {
      return KeywordResources.languageTag(language);
    }
  }
}
