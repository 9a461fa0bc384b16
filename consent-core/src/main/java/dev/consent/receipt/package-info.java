/**
 * Signing and checking what the library proves: {@link dev.consent.receipt.ReceiptSigner} signs a
 * {@link dev.consent.ConsentReceipt} (Kantara Consent Receipt v1.1 and ISO/IEC TS 27560 fields, built
 * by {@link dev.consent.ConsentRegistry#receipt}) as a JWS and {@link dev.consent.receipt.ReceiptVerifier}
 * checks one; {@link dev.consent.receipt.ChainCheckpoints} signs checkpoints of the ledger's chain heads
 * ({@link dev.consent.receipt.ChainCheckpoint}) and verifies the chains against them.
 */
@NullMarked
package dev.consent.receipt;

import org.jspecify.annotations.NullMarked;
