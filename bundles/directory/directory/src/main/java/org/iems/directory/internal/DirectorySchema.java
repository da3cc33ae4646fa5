package org.iems.directory.internal;

import java.util.List;
import org.iems.api.storage.SchemaMigration;

/** The directory's tables, as versioned migrations. The SQL runs on Derby and PostgreSQL. */
final class DirectorySchema {

    static final String OWNER = "org.iems.directory";

    static final List<SchemaMigration> MIGRATIONS = List.of(
            new SchemaMigration(1, "domains, domain aliases, accounts, aliases, domain admins", List.of(
                    "CREATE TABLE dir_domain (name VARCHAR(255) NOT NULL PRIMARY KEY, created_at TIMESTAMP NOT NULL)",
                    "CREATE TABLE dir_domain_alias (alias_name VARCHAR(255) NOT NULL PRIMARY KEY,"
                            + " target_name VARCHAR(255) NOT NULL REFERENCES dir_domain(name))",
                    "CREATE TABLE dir_account (address_key VARCHAR(320) NOT NULL PRIMARY KEY,"
                            + " address VARCHAR(320) NOT NULL,"
                            + " domain_name VARCHAR(255) NOT NULL REFERENCES dir_domain(name),"
                            + " display_name VARCHAR(255) NOT NULL,"
                            + " password_hash VARCHAR(255) NOT NULL,"
                            + " quota_bytes BIGINT NOT NULL,"
                            + " enabled BOOLEAN NOT NULL,"
                            + " created_at TIMESTAMP NOT NULL,"
                            + " last_login_at TIMESTAMP,"
                            + " failed_logins INT NOT NULL)",
                    "CREATE INDEX dir_account_domain ON dir_account(domain_name)",
                    "CREATE TABLE dir_alias (address_key VARCHAR(320) NOT NULL PRIMARY KEY,"
                            + " address VARCHAR(320) NOT NULL,"
                            + " domain_name VARCHAR(255) NOT NULL REFERENCES dir_domain(name))",
                    "CREATE INDEX dir_alias_domain ON dir_alias(domain_name)",
                    "CREATE TABLE dir_alias_target (alias_key VARCHAR(320) NOT NULL REFERENCES dir_alias(address_key),"
                            + " seq INT NOT NULL, target VARCHAR(320) NOT NULL, PRIMARY KEY (alias_key, seq))",
                    "CREATE TABLE dir_domain_admin (account_key VARCHAR(320) NOT NULL REFERENCES dir_account(address_key),"
                            + " domain_name VARCHAR(255) NOT NULL REFERENCES dir_domain(name),"
                            + " PRIMARY KEY (account_key, domain_name))")),
            new SchemaMigration(2, "quota in messages", List.of(
                    "ALTER TABLE dir_account ADD COLUMN quota_messages BIGINT DEFAULT 0 NOT NULL")),
            new SchemaMigration(3, "sender grants: who may send under which other sender addresses", List.of(
                    "CREATE TABLE dir_sender_grant (grantee VARCHAR(320) NOT NULL, sender VARCHAR(320) NOT NULL,"
                            + " PRIMARY KEY (grantee, sender))")));

    private DirectorySchema() {
    }
}
