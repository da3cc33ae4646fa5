package org.iems.api.storage;

import java.util.List;

/**
 * One step of a bundle's schema: SQL statements that take the schema from version
 * {@code version - 1} to {@code version}. The SQL must run on both Apache Derby and PostgreSQL.
 *
 * @param version the schema version this step produces, from 1, without gaps
 * @param description what the step does, for the log
 * @param statements the DDL/DML statements, each without a trailing semicolon
 */
public record SchemaMigration(int version, String description, List<String> statements) {

    /**
     * Creates the step with an unmodifiable copy of the statements.
     *
     * @param version the version produced
     * @param description what it does
     * @param statements the statements
     */
    public SchemaMigration {
        statements = List.copyOf(statements);
    }
}
