/**
 * Consent receipts (Kantara Consent Receipt v1.1 and ISO/IEC TS 27560 fields, with the SMS double
 * opt-in evidence): {@link dev.consent.ConsentReceipt} is built by {@link
 * dev.consent.ConsentRegistry#receipt}, rendered as JSON (validated against the bundled schema
 * {@value dev.consent.ConsentReceipt#SCHEMA_RESOURCE}) or as plain text for the person,
 * and optionally signed as a JWS with {@link dev.consent.receipt.ReceiptSigner} and checked with
 * {@link dev.consent.receipt.ReceiptVerifier}.
 */
@NullMarked
package dev.consent.receipt;

import org.jspecify.annotations.NullMarked;
