/**
 * What adapters implement: {@link dev.consent.spi.ConsentStore} for storage and {@link
 * dev.consent.spi.SmsCarrier} for carriers. Every implementation must pass the contract test kits in
 * the consent-test module ({@code dev.consent.testkit}).
 */
@NullMarked
package dev.consent.spi;

import org.jspecify.annotations.NullMarked;
