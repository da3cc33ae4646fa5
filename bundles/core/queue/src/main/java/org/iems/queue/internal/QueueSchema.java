package org.iems.queue.internal;

import java.util.List;
import org.iems.api.storage.SchemaMigration;

/** The queue's tables, as versioned migrations. The SQL runs on Derby and PostgreSQL. */
public final class QueueSchema {

    /** The owner name in {@code iems_schema_version}. */
    public static final String OWNER = "org.iems.queue";

    /** The steps. */
    public static final List<SchemaMigration> MIGRATIONS = List.of(
            new SchemaMigration(1, "entries, tags, recipients", List.of(
                    "CREATE TABLE q_entry (queue_id VARCHAR(40) NOT NULL PRIMARY KEY, sender VARCHAR(320),"
                            + " envid VARCHAR(200), ret VARCHAR(8), body_type VARCHAR(16) NOT NULL,"
                            + " smtputf8 BOOLEAN NOT NULL, client VARCHAR(64) NOT NULL, auth_user VARCHAR(320),"
                            + " received_at TIMESTAMP NOT NULL, blob_id CHAR(64) NOT NULL, size BIGINT NOT NULL,"
                            + " phase VARCHAR(16) NOT NULL, held BOOLEAN NOT NULL, held_reason VARCHAR(500),"
                            + " lease_until TIMESTAMP, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL)",
                    "CREATE INDEX q_entry_phase ON q_entry(phase, held, created_at)",
                    "CREATE INDEX q_entry_blob ON q_entry(blob_id)",
                    "CREATE TABLE q_tag (queue_id VARCHAR(40) NOT NULL REFERENCES q_entry(queue_id),"
                            + " name VARCHAR(100) NOT NULL, tag_value VARCHAR(1000) NOT NULL, PRIMARY KEY (queue_id, name))",
                    "CREATE TABLE q_rcpt (queue_id VARCHAR(40) NOT NULL REFERENCES q_entry(queue_id), seq INT NOT NULL,"
                            + " orig_address VARCHAR(320) NOT NULL, notify VARCHAR(40) NOT NULL, orcpt VARCHAR(600),"
                            + " address VARCHAR(320) NOT NULL, channel VARCHAR(40), state VARCHAR(16) NOT NULL,"
                            + " attempts INT NOT NULL, next_attempt TIMESTAMP, lease_until TIMESTAMP,"
                            + " last_result VARCHAR(1000), notified BOOLEAN NOT NULL, PRIMARY KEY (queue_id, seq))",
                    "CREATE INDEX q_rcpt_due ON q_rcpt(channel, state, next_attempt)")),
            new SchemaMigration(2, "lease owners, so a restarted node takes back its own claims at once", List.of(
                    "ALTER TABLE q_entry ADD COLUMN lease_owner VARCHAR(100)",
                    "ALTER TABLE q_rcpt ADD COLUMN lease_owner VARCHAR(100)")),
            new SchemaMigration(3, "index of failures not yet notified (the notifier looked through every recipient)",
                    List.of("CREATE INDEX q_rcpt_unnotified ON q_rcpt(notified, state)")),
            new SchemaMigration(4, "delay warnings: whether the sender was told a recipient is delayed", List.of(
                    "ALTER TABLE q_rcpt ADD COLUMN delay_warned BOOLEAN DEFAULT FALSE NOT NULL")),
            new SchemaMigration(5, "success notices (NOTIFY=SUCCESS): the action to report, while the sender is not told",
                    List.of("ALTER TABLE q_rcpt ADD COLUMN success_action VARCHAR(16)")),
            new SchemaMigration(6, "claim order: notifications, then ordinary mail, then the bulk (ClaimPriority)",
                    List.of("ALTER TABLE q_rcpt ADD COLUMN claim_priority SMALLINT DEFAULT 1 NOT NULL",
                            "DROP INDEX q_rcpt_due",
                            "CREATE INDEX q_rcpt_due ON q_rcpt(channel, state, claim_priority, next_attempt)")));

    private QueueSchema() {
    }
}
