package dev.consent.policy;

/** A keyword's meaning: the intent it carries and the language it belongs to. */
record KeywordEntry(Intent intent, String language) {}
