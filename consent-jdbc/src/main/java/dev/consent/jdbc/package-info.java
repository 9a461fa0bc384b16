/**
 * A durable {@link dev.consent.spi.ConsentStore} on JDBC for PostgreSQL, MariaDB/MySQL and H2:
 * {@link dev.consent.jdbc.JdbcConsentStore}. Everything here but that class and {@link
 * dev.consent.jdbc.Dialect} is package-private. The schema ships as SQL migrations under {@code
 * db/migration/consent/<dialect>/} for Flyway or Liquibase, or runs through {@link
 * dev.consent.jdbc.JdbcConsentStore#migrate()}.
 */
@NullMarked
package dev.consent.jdbc;

import org.jspecify.annotations.NullMarked;
