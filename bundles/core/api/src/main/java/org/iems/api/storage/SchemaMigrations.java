package org.iems.api.storage;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Applies bundles' schema migrations to the IEMS database. Each owner (a bundle's symbolic
 * name) has its own version number; steps already applied are skipped, each new step runs in
 * its own transaction and is recorded with it, so a crash leaves the schema at a whole step.
 */
@ProviderType
public interface SchemaMigrations {

    /**
     * Brings an owner's schema up to the last given step.
     *
     * @param owner the owning bundle's symbolic name
     * @param migrations the owner's steps, versions 1..n in order
     * @return the owner's schema version afterwards
     * @throws IllegalStateException if the database holds a newer version than the steps know,
     *         or a step fails (the message names the step)
     */
    int migrate(String owner, List<SchemaMigration> migrations);

    /**
     * Tells an owner's current schema version.
     *
     * @param owner the owning bundle's symbolic name
     * @return the version, 0 if none was applied
     */
    int currentVersion(String owner);
}
