package dev.tokenomics.devnet.orderer;

import static org.awaitility.Awaitility.await;

import dev.tokenomics.devnet.committer.BlockCommitter;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.ledger.ChannelLedger;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit-side throughput: transfer-shaped transactions (two point reads, two writes, an event,
 * distinct wallets) broadcast from two threads through the real ingress checks, cutter, parallel
 * validation and committer. Prints figures only. Run with
 * {@code mvn test -Dtest=CommitThroughputBenchmark -Dbenchmark=true}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class CommitThroughputBenchmark {

    private static final int TRANSACTIONS = Integer.getInteger("benchmark.transactions", 20_000);

    @TempDir
    Path dir;

    @Test
    void transfersCommittedPerSecond() throws Exception {
        run(false);
        run(true);
    }

    private void run(boolean durable) throws Exception {
        // fresh crypto per run: no signature verified in an earlier run is cached
        DevnetCrypto crypto = DevnetCrypto.createOrLoad(dir.resolve(durable ? "crypto-durable" : "crypto"), "Org1MSP", "org1.example.com");
        List<Envelope> transfers = new ArrayList<>(TRANSACTIONS);
        for (int i = 0; i < TRANSACTIONS; i++) {
            transfers.add(EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(crypto.peerSigner()).chaincode("tokenomics", "1.0")
                    .read("wallet~a" + i, null).read("wallet~b" + i, null)
                    .write("wallet~a" + i, "{\"balance\":0}").write("wallet~b" + i, "{\"balance\":1}")
                    .event("TransferCompleted", "{\"amount\":1}").envelope());
        }
        // The endorsement signatures above are cached as verified (the devnet signed them itself),
        // exactly as for endorsements made by the devnet's endorser.
        try (ChannelLedger ledger = durable ? ChannelLedger.open(dir.resolve("data"), "mychannel") : ChannelLedger.inMemory("mychannel");
                BlockCommitter committer = new BlockCommitter(ledger, crypto.msp(), new ChaincodeDefinitions().define("tokenomics", "1.0"));
                OrderingService ordering = OrderingService.builder(ledger, crypto, committer)
                        .maxMessageCount(500).batchTimeout(Duration.ofMillis(50)).build()) {
            committer.start();
            ordering.start();
            long startHeight = ledger.height();
            ExecutorService clients = Executors.newFixedThreadPool(2);
            long start = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = t;
                sent.add(clients.submit(() -> {
                    for (int i = first; i < TRANSACTIONS; i += 2) {
                        ordering.broadcast(transfers.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            long admitted = System.nanoTime();
            String last = EndorsedTransaction.txIdOf(transfers.get(TRANSACTIONS - 1));
            String lastEven = EndorsedTransaction.txIdOf(transfers.get(TRANSACTIONS - 2));
            await().atMost(Duration.ofMinutes(5)).until(() -> ledger.transaction(last).isPresent() && ledger.transaction(lastEven).isPresent());
            long done = System.nanoTime();
            clients.shutdown();
            long valid = transfers.stream().filter(e -> ledger.transaction(EndorsedTransaction.txIdOf(e)).orElseThrow().code()
                    == TxValidationCode.VALID).count();
            System.out.printf("%s: %d transfers (%d VALID) in %d blocks: admitted %.0f/s, committed %.0f/s end to end%n",
                    durable ? "durable" : "in-memory", TRANSACTIONS, valid, ledger.height() - startHeight,
                    TRANSACTIONS / ((admitted - start) / 1e9), TRANSACTIONS / ((done - start) / 1e9));
        }
    }
}
