package org.iems.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retry policy against real conflicts of an embedded Derby database. */
class TransactionsTest {

    private EmbeddedDataSource database;

    @BeforeAll
    static void detectDeadlocksQuickly() {
        System.setProperty("derby.locks.deadlockTimeout", "1");
        System.setProperty("derby.locks.waitTimeout", "3");
    }

    @BeforeEach
    void createTable() throws SQLException {
        database = new EmbeddedDataSource();
        database.setDatabaseName("memory:" + UUID.randomUUID());
        database.setCreateDatabase("create");
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT NOT NULL)");
            s.execute("INSERT INTO t VALUES (1, 0), (2, 0)");
        }
    }

    @Test
    void aTransactionChosenAsADeadlockVictimRunsAgainAndBothCommit() throws Exception {
        Transactions transactions = Transactions.of(database, "test");
        CyclicBarrier bothHoldOneRow = new CyclicBarrier(2);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // opposite lock orders: the first runs meet in a deadlock, the victim's second run passes
            Future<Integer> a = pool.submit(() -> transactions.run(c -> lockBoth(c, 1, 2, bothHoldOneRow, runs)));
            Future<Integer> b = pool.submit(() -> transactions.run(c -> lockBoth(c, 2, 1, bothHoldOneRow, runs)));
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs.get()).isEqualTo(3);
        assertThat(transactions.getDeadlockRetries()).isEqualTo(1);
        assertThat(transactions.getGivenUp()).isZero();
        assertThat(sum()).as("both transactions committed once").isEqualTo(4);
    }

    private static int lockBoth(Connection c, int first, int second, CyclicBarrier barrier, AtomicInteger runs)
            throws SQLException {
        boolean firstRun = runs.incrementAndGet() <= 2;
        increment(c, first);
        if (firstRun) {
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        increment(c, second);
        return 0;
    }

    private static void increment(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE t SET n = n + 1 WHERE id = ?")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    private int sum() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SUM(n) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aDuplicateKeyIsRetriedOnlyWhereTheOwnerSaysItsWorkLooksFirst() throws Exception {
        Transactions plain = Transactions.of(database, "test");
        assertThatThrownBy(() -> plain.run(c -> insert(c, 1))).isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "23505");
        assertThat(plain.getDuplicateKeyRetries()).isZero();

        Transactions looking = Transactions.retryingDuplicateKeys(database, "test");
        AtomicInteger runs = new AtomicInteger();
        int inserted = looking.run(c -> runs.incrementAndGet() == 1 ? insert(c, 2) : 0);
        assertThat(inserted).isZero();
        assertThat(runs.get()).isEqualTo(2);
        assertThat(looking.getDuplicateKeyRetries()).isEqualTo(1);
    }

    private static int insert(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, 0)")) {
            ps.setInt(1, id);
            return ps.executeUpdate();
        }
    }

    @Test
    void theWorksOwnExceptionRollsBackAndPassesUnchanged() throws Exception {
        Transactions transactions = Transactions.of(database, "test");
        IllegalStateException refusal = new IllegalStateException("no");
        assertThatThrownBy(() -> transactions.run(c -> {
            increment(c, 1);
            throw refusal;
        })).isSameAs(refusal);
        assertThat(sum()).as("rolled back").isZero();
    }

    @Test
    void otherFailuresAreNotRetried() {
        Transactions transactions = Transactions.of(database, "test");
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> transactions.run(c -> {
            runs.incrementAndGet();
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("UPDATE missing SET n = 1");
            }
        })).isInstanceOf(SQLException.class);
        assertThat(runs.get()).isEqualTo(1);
    }
}
