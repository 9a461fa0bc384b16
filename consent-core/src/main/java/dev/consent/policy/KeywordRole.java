package dev.consent.policy;

/** What a word sequence does in a {@link KeywordTrie}: one sequence may play several roles. */
enum KeywordRole {
  /** A plain-language opt-out phrase, matched anywhere. */
  PHRASE,
  /** A strong opt-out word whose mere mention makes a short message UNCLEAR. */
  STRONG,
  /** A word about the messages themselves ("texts", "list"). */
  TOPIC,
  /** An opt-out keyword led by a core word, matched at the start of a message. */
  FIRST_OPT_OUT,
  /** A help keyword led by a core word, matched at the start of a message. */
  FIRST_HELP,
  /** Polite or emphatic words around a keyword. */
  FILLER
}
