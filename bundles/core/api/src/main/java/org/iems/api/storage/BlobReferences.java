package org.iems.api.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.iems.api.blob.BlobId;

/**
 * Answers a {@link org.iems.api.blob.BlobHolder}'s question for a holder whose table keeps blob ids
 * in a {@code blob_id} column: which of the candidates a row still names. Asks in chunks, so a
 * long candidate list stays within every database's limit on parameters.
 *
 * @since 1.1
 */
public final class BlobReferences {

    private static final int CHUNK = 500;

    private BlobReferences() {
    }

    /**
     * The candidates named in the table's {@code blob_id} column.
     *
     * @param dataSource the database
     * @param table the table, a name of the caller's own (it becomes part of the SQL)
     * @param candidates the blobs that might be removed
     * @return the subset still named
     * @throws SQLException if the database cannot answer: the caller must then keep every candidate
     */
    public static Set<BlobId> in(DataSource dataSource, String table, Collection<BlobId> candidates)
            throws SQLException {
        Set<BlobId> named = new HashSet<>();
        List<BlobId> all = new ArrayList<>(candidates);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<BlobId> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DISTINCT blob_id FROM " + table + " WHERE blob_id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i).hex());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            named.add(new BlobId(rs.getString(1).strip()));
                        }
                    }
                }
            }
        }
        return named;
    }
}
