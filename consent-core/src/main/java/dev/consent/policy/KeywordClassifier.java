package dev.consent.policy;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
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
 *   <li><b>Typo</b>: nothing matched, and the message (without filler) is one keyword typed with one
 *       mistake: a letter missing, extra or wrong, or two swapped ("STPO", "unsubscibe"), for the
 *       FCC/CTIA core words and any keyword of five or more letters; or typed with digits and
 *       symbols for letters ("$TOP", "QU1T"). Only opt-out and help words are loosened; a typo that
 *       is one mistake from an opt-in word as well is UNCLEAR, and listed real words ("STEP") are
 *       not typos.
 *   <li>Otherwise {@link Intent#OTHER}.
 * </ol>
 *
 * <p>An opt-out word right after a negation of its language ("don't stop", "never stop", "不要停止",
 * "停止しないで") counts for nothing; after a negation that is also a plain "no" (Portuguese NÃO,
 * Spanish NO) it counts as a mere mention (UNCLEAR). Chinese, Japanese, Thai and Korean phrases
 * are found inside the text, not word by word. A body without letters or digits that holds only
 * the stop sign 🛑 opts out (language {@code "und"}); other refusal gestures (✋ 🚫 ⛔ 👎 🙅) are
 * UNCLEAR. {@link Builder#ignoreNames} lists brand names that contain a keyword ("Stop &amp; Shop").
 *
 * <p>Keyword lists are bundled per language under {@code dev/consent/policy/keywords/} (42
 * languages), each entry with its source; {@link #builder()} adds host words. The FCC and CTIA
 * core words cannot be removed.
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
  private final @Nullable KeywordTrie negations;
  private final @Nullable KeywordTrie names;
  private final KeywordSubstrings substrings;
  private final KeywordFuzzy fuzzy;

  private static final KeywordEntry EMOJI_STOP = new KeywordEntry(Intent.OPT_OUT, "und");
  private static final KeywordEntry EMOJI_REFUSAL = new KeywordEntry(Intent.UNCLEAR, "und");
  /** Longest body that is read again with digits and symbols as letters ("$T0P", "QU1T"). */
  private static final int FOLD_MAX_CHARS = 64;
  /** Longest normalised text that is tried as a typo: three words and some filler at most. */
  private static final int TYPO_MAX_CHARS = 48;

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
    negations = catalog.negations.isEmpty() ? null : new KeywordTrie(false).addAll(KeywordRole.PHRASE, catalog.negations);
    names = catalog.names.isEmpty() ? null : new KeywordTrie(false).addAll(KeywordRole.PHRASE, catalog.names);
    substrings = new KeywordSubstrings(catalog.substrings, catalog.substringNegations);
    fuzzy = new KeywordFuzzy(catalog.keywords, catalog.fuzzyExclude, catalog.core);
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
    KeywordEntry entry = normalized.isEmpty() ? emoji(body) : lookup(normalized);
    if (entry == null && !normalized.isEmpty()) {
      // "СТОР" in Cyrillic letters: an opt-out that cannot be read is still an opt-out (fail safe)
      String latin = Confusables.latin(normalized);
      KeywordEntry lookalike = latin.equals(normalized) ? null : lookup(latin);
      entry = lookalike != null && lookalike.intent().isOptOut() ? lookalike : null;
      entry = entry != null ? entry : typo(normalized);
      if (entry == null && !latin.equals(normalized)) {
        KeywordEntry typed = typo(latin);
        entry = typed != null && typed.intent().isOptOut() ? typed : null;
      }
      entry = entry != null ? entry : folded(body);
    }
    return entry == null
        ? new Classification(Intent.OTHER, null, normalized)
        : new Classification(entry.intent(), entry.language(), normalized);
  }

  /**
   * A body without letters or digits: the stop sign alone (🛑, also repeated) opts out; other
   * refusal gestures (✋ 🚫 ⛔ 👎 🙅), or a stop sign among other symbols, are UNCLEAR.
   */
  private static @Nullable KeywordEntry emoji(String body) {
    boolean stop = false;
    boolean refusal = false;
    boolean other = false;
    int end = Math.min(body.length(), KeywordNormalizer.MAX_CHARS);
    for (int i = 0; i < end; ) {
      int cp = body.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case 0x1F6D1 -> stop = true;
        case 0x270B, 0x1F6AB, 0x26D4, 0x1F44E, 0x1F645 -> refusal = true;
        // variation selectors, joiners, skin tones and gender signs only dress a gesture
        case 0xFE0E, 0xFE0F, 0x200D, 0x2640, 0x2642 -> { }
        default -> other |= !(cp >= 0x1F3FB && cp <= 0x1F3FF) && !Character.isWhitespace(cp)
            && !Character.isSpaceChar(cp) && Character.getType(cp) != Character.OTHER_PUNCTUATION
            && Character.getType(cp) != Character.FORMAT;
      }
    }
    if (stop && !refusal && !other) {
      return EMOJI_STOP;
    }
    return stop || refusal ? EMOJI_REFUSAL : null;
  }

  /** A short message that is one keyword typed with one mistake ("STPO", "unsubscibe please"). */
  private @Nullable KeywordEntry typo(String normalized) {
    if (normalized.length() > TYPO_MAX_CHARS) {
      return null;
    }
    String[] words = KeywordNormalizer.words(withoutNames(normalized));
    int[] core = withoutFiller(words);
    int length = core[1] - core[0];
    if (length < 1 || length > 3) {
      return null;
    }
    StringBuilder joined = new StringBuilder();
    for (int i = core[0]; i < core[1]; i++) {
      joined.append(words[i]);
    }
    return fuzzy.match(joined.toString());
  }

  /** Digits and symbols inside words read as the letters they stand for: $TOP, ST0P, QU1T, 3ND. */
  private @Nullable KeywordEntry folded(String body) {
    if (body.length() > FOLD_MAX_CHARS) {
      return null;
    }
    if (!hasFoldable(body)) {
      return null;
    }
    char[] chars = body.toCharArray();
    boolean changed = false;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      char letter = switch (c) {
        case '$', '5' -> 'S';
        case '@', '4' -> 'A';
        case '0' -> 'O';
        case '1' -> 'I';
        case '3' -> 'E';
        default -> 0;
      };
      boolean nearLetter = i > 0 && Character.isLetter(chars[i - 1])
          || i + 1 < chars.length && (Character.isLetter(chars[i + 1]) || chars[i + 1] == '$');
      if (letter != 0 && (nearLetter || c == '$' || c == '@')) {
        chars[i] = letter;
        changed = true;
      }
    }
    if (!changed) {
      return null;
    }
    String normalized = KeywordNormalizer.normalize(new String(chars));
    if (normalized.isEmpty()) {
      return null;
    }
    KeywordEntry entry = lookup(normalized);
    entry = entry != null ? entry : typo(normalized);
    return entry != null && (entry.intent().isOptOut() || entry.intent() == Intent.HELP
        || entry.intent() == Intent.UNCLEAR) ? entry : null;
  }

  private static boolean hasFoldable(String body) {
    for (int i = 0; i < body.length(); i++) {
      switch (body.charAt(i)) {
        case '$', '@', '0', '1', '3', '4', '5' -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  private @Nullable KeywordEntry lookup(String normalized) {
    String text = withoutNames(normalized);
    if (text.isEmpty()) {
      return null;
    }
    KeywordEntry entry = exact.get(text);
    return entry != null ? entry : decide(KeywordNormalizer.words(text), text);
  }

  /** The text without the host's brand and place names ("STOP SHOP"). */
  private String withoutNames(String normalized) {
    if (names == null || normalized.isEmpty()) {
      return normalized;
    }
    String[] words = KeywordNormalizer.words(normalized);
    StringBuilder kept = new StringBuilder(normalized.length());
    boolean changed = false;
    for (int i = 0; i < words.length; ) {
      KeywordTrie.Match name = names.longestAt(words, i, words.length, KeywordRole.PHRASE);
      if (name != null) {
        changed = true;
        i = name.end();
        continue;
      }
      kept.append(kept.length() == 0 ? "" : " ").append(words[i++]);
    }
    return changed ? kept.toString() : normalized;
  }

  private @Nullable KeywordEntry decide(String[] words, String text) {
    int[] core = withoutFiller(words);
    KeywordEntry entry = withFiller(words, core);
    if (entry == null) {
      entry = lenient(words, core);
    }
    if (entry != null) {
      return entry;
    }
    KeywordTrie.Hits hits = lexicon.scan(words, core[0], negated(words));
    substrings.scan(text, hits);
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

  /** Per word, the negation right before it ("DONT" in "DONT STOP"), or null when there is none. */
  private KeywordEntry @Nullable [] negated(String[] words) {
    if (negations == null) {
      return null;
    }
    KeywordEntry[] result = null;
    for (int i = 0; i < words.length - 1; i++) {
      KeywordTrie.Match m = negations.longestAt(words, i, words.length - 1, KeywordRole.PHRASE);
      if (m != null) {
        result = result == null ? new KeywordEntry[words.length] : result;
        result[m.end()] = m.entry();
      }
    }
    return result;
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

    /**
     * Brand or place names that contain a keyword and must not be read as one ("Stop &amp; Shop",
     * "End Zone Café"): their words are left out before the message is classified, so "I'm at
     * Stop &amp; Shop" is OTHER while "STOP" or "Stop &amp; Shop, stop texting me" still opt out. A name
     * that is itself a keyword ("Stop") is refused.
     *
     * @throws InvalidInputException if a name is blank or is a keyword
     * @since 0.4
     */
    public Builder ignoreNames(String... names) {
      for (String name : Checks.notNull(names, "names")) {
        catalog.addName(Checks.notNull(name, "name"));
      }
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
