package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenomics.client.support.ChainSource;
import dev.tokenomics.client.support.SyntheticBlocks;
import dev.tokenomics.client.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGSTOP of the active projector, a separate JVM ({@link PausedProjectorMain}): its kernel keeps
 * the lock session's TCP connection alive, so only the server's idle bound can hand the lease to
 * the standby here; once resumed, the stopped process must write nothing.
 */
class PausedProjectorTest {
    static final Duration LEASE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration LEASE_CHECK = Duration.ofMillis(200);
    static final Duration BLOCK_INTERVAL = Duration.ofMillis(250);
    private static final int BLOCKS = 200;
    private static final String TENANT = "t-sigstop";
    private static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.create(4);
    }

    @AfterAll
    static void tearDown() throws Exception {
        db.close();
    }

    /** Block 0, then one mint of 1 to wallet w per block: the same chain in both processes. */
    static List<Block> chain() {
        SyntheticBlocks blocks = new SyntheticBlocks("mychannel", "tokenomics");
        List<Block> chain = new ArrayList<>(List.of(blocks.configBlock()));
        for (int n = 1; n < BLOCKS; n++) {
            String txId = "sig-" + n;
            chain.add(blocks.block(n, List.of(new SyntheticBlocks.Tx(txId, TxValidationCode.VALID, "TokensMinted",
                    SyntheticBlocks.event("TokensMinted", txId).txType("MINT").move(null, "w", 1)
                            .wallet("w", "x509::CN=o::CN=ca", n, "ACTIVE").supply(n).json()))));
        }
        return chain;
    }

    private long checkpoint() throws Exception {
        return db.count("SELECT next_block FROM projector_checkpoint WHERE tenant_id = ?", TENANT);
    }

    private String holder() throws Exception {
        return db.text("SELECT holder FROM projector_checkpoint WHERE tenant_id = ?", TENANT);
    }

    private static void signal(Process process, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor()).isZero();
    }

    @Test
    void aStoppedProjectorLosesTheLeaseToTheStandbyAndWritesNothingWhenItResumes() throws Exception {
        Path log = dir.resolve("paused-projector.log");
        String url = db.baseUrl() + (db.baseUrl().contains("?") ? "&" : "?") + "currentSchema=" + db.schema();
        Process paused = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PausedProjectorMain.class.getName(), url, TENANT)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<Block> chain = chain();
        List<AppliedBatch> standbyBatches = new CopyOnWriteArrayList<>();
        Projector standby = null;
        Thread standbyThread = null;
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> db.count(
                    "SELECT count(*) FROM projector_checkpoint WHERE tenant_id = ? AND next_block >= 5", TENANT) == 1);
            assertThat(holder()).isEqualTo("paused");
            signal(paused, "STOP");

            // The standby sees the whole chain at once (a peer that kept committing while the process was stopped).
            standby = new Projector(new ChainSource(chain), new BlockParser("tokenomics"),
                    new BlockApplier(db.dataSource(), TENANT, "mychannel", "standby"), new Checkpoints(db.dataSource()),
                    new ProjectorLease(() -> db.database().openDedicatedConnection(10), TENANT, "mychannel", LEASE_TIMEOUT),
                    TENANT, "mychannel", LEASE_CHECK, null, standbyBatches::add);
            standbyThread = new Thread(standby, "standby");
            standbyThread.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> checkpoint() == BLOCKS);
            assertThat(standbyBatches).isNotEmpty();

            signal(paused, "CONT");
            // Resumed, it finds the blocks that came while it was stopped ready, and its lock session gone.
            await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("lost its lease")
                    || read(log).contains("stops applying"));
        } finally {
            if (standby != null) {
                standby.close();
                standbyThread.join(10_000);
            }
            paused.destroyForcibly().waitFor();
        }
        assertThat(holder()).isEqualTo("standby");
        assertThat(checkpoint()).isEqualTo(BLOCKS);
        assertThat(db.count("SELECT count(*) FROM wallet_transaction WHERE tenant_id = ?", TENANT)).isEqualTo(BLOCKS - 1);
        assertThat(db.count("SELECT balance FROM wallet WHERE tenant_id = ? AND wallet_id = 'w'", TENANT)).isEqualTo(BLOCKS - 1);
        assertThat(db.count("SELECT version FROM wallet WHERE tenant_id = ? AND wallet_id = 'w'", TENANT)).isEqualTo(BLOCKS - 1);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }
}
