package dev.consent.spi;

/**
 * What one bounded retention step of a {@link ConsentStore} did.
 *
 * @param count records deleted or emptied
 * @param more whether records past the cut-off were left because the batch was full
 * @since 0.3
 */
public record PurgeResult(int count, boolean more) {}
