package dev.tokenomics.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.client.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * V20: stored transactions are compressed with lz4 where the server has it (pglz, the default, cost
 * ~37 ms of PostgreSQL CPU per 1,000-command envelope on the path to submitting it); values stored
 * before stay readable, and a server without lz4 still migrates.
 */
class StoredBytesCompressionTest {

    /** Compressible like a real envelope: the same certificates and field names over and over. */
    private static final String ENVELOPE = "INSERT INTO outbox_envelope (tenant_id, fabric_tx_id, tx_bytes, result) "
            + "VALUES ('t1', '%s', convert_to(repeat('x509::CN=User1@org1.example.com,OU=client %s ', 20000), 'UTF8'), "
            + "repeat('{\"outcome\":\"APPLIED\"} ', 5000))";
    private static final String COMPRESSION = "SELECT pg_column_compression(tx_bytes) || '/' || pg_column_compression(result) "
            + "FROM outbox_envelope WHERE fabric_tx_id = '%s'";

    @Test
    void newEnvelopesAreStoredWithLz4AndOldOnesStayReadable() throws Exception {
        try (TestDatabase db = TestDatabase.create(2, "19")) {
            db.execute(ENVELOPE.formatted("tx-old", "old"));

            db.migrate();
            db.execute(ENVELOPE.formatted("tx-new", "new"));

            String expected = serverHasLz4(db) ? "lz4/lz4" : "pglz/pglz";
            assertThat(db.text(COMPRESSION.formatted("tx-new"))).isEqualTo(expected);
            assertThat(db.text(COMPRESSION.formatted("tx-old"))).isEqualTo("pglz/pglz");
            for (String run : new String[] {"old", "new"}) {
                assertThat(db.count("SELECT count(*) FROM outbox_envelope WHERE fabric_tx_id = 'tx-" + run + "' AND tx_bytes = "
                        + "convert_to(repeat('x509::CN=User1@org1.example.com,OU=client " + run + " ', 20000), 'UTF8')")).isOne();
            }
            assertThat(db.count("SELECT count(*) FROM outbox_envelope WHERE pg_column_size(tx_bytes) < octet_length(tx_bytes) / 10"))
                    .isEqualTo(2);
        }
    }

    @Test
    void singleTransactionBytesUseTheSameCompression() throws Exception {
        try (TestDatabase db = TestDatabase.create(2)) {
            String expected = serverHasLz4(db) ? "l" : "";
            assertThat(db.text("SELECT attcompression::text FROM pg_attribute "
                    + "WHERE attrelid = 'outbox_command'::regclass AND attname = 'tx_bytes'")).isEqualTo(expected);
        }
    }

    private static boolean serverHasLz4(TestDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET default_toast_compression = 'lz4'");
            s.execute("RESET default_toast_compression");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
