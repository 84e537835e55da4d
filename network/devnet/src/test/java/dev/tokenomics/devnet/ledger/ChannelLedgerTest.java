package dev.tokenomics.devnet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.testing.CommitHarness;
import dev.tokenomics.devnet.testing.EndorsedTransaction;
import dev.tokenomics.devnet.validation.ChaincodeDefinitions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelLedgerTest {

    @TempDir
    static Path cryptoDir;
    static DevnetCrypto crypto;
    static final ChaincodeDefinitions CHAINCODES = new ChaincodeDefinitions().define("basic", "1.0");

    @BeforeAll
    static void crypto() {
        crypto = DevnetCrypto.createOrLoad(cryptoDir, "Org1MSP", "org1.example.com");
    }

    static EndorsedTransaction tx() {
        return EndorsedTransaction.by(crypto.user("USER1").signer()).endorsedBy(crypto.peerSigner());
    }

    static String text(VersionedValue v) {
        return new String(v.value(), StandardCharsets.UTF_8);
    }

    static List<String> keys(Iterator<KeyValue> it) {
        List<String> keys = new ArrayList<>();
        it.forEachRemaining(kv -> keys.add(kv.key()));
        return keys;
    }

    @Nested
    class Snapshots {

        @Test
        void snapshotKeepsSeeingTheStateOfItsHeightWhileBlocksCommit() throws Exception {
            try (CommitHarness harness = new CommitHarness(crypto, CHAINCODES)) {
                harness.commit(tx().write("a", "1").write("b", "1").envelope());
                try (StateSnapshot before = harness.ledger().snapshot()) {
                    harness.commit(tx().write("a", "2").delete("b").write("c", "2").envelope());
                    harness.commit(tx().write("a", "3").envelope());

                    assertThat(before.height()).isEqualTo(2);
                    assertThat(text(before.get("basic", "a").orElseThrow())).isEqualTo("1");
                    assertThat(before.get("basic", "b")).isPresent();
                    assertThat(before.get("basic", "c")).isEmpty();
                    assertThat(keys(before.range("basic", "", ""))).containsExactly("a", "b");
                    assertThat(before.history("basic", "a")).hasSize(1);
                }
                try (StateSnapshot after = harness.ledger().snapshot()) {
                    assertThat(text(after.get("basic", "a").orElseThrow())).isEqualTo("3");
                    assertThat(after.get("basic", "a").orElseThrow().version()).isEqualTo(new Version(3, 0));
                    assertThat(keys(after.range("basic", "", ""))).containsExactly("a", "c");
                    assertThat(after.history("basic", "a")).extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                            .containsExactly("3", "2", "1");
                    assertThat(after.history("basic", "b")).extracting(HistoryEntry::isDelete).containsExactly(true, false);
                }
            }
        }

        @Test
        void snapshotsTakenWhileBlocksCommitNeverSeeATornBlock() throws Exception {
            try (CommitHarness harness = new CommitHarness(crypto, CHAINCODES)) {
                harness.commit(tx().write("x", "0").write("y", "0").envelope());
                java.util.concurrent.atomic.AtomicBoolean committing = new java.util.concurrent.atomic.AtomicBoolean(true);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<String> torn = new CopyOnWriteArrayList<>();
                List<Thread> readers = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    Thread reader = new Thread(() -> {
                        try {
                            go.await();
                            while (committing.get()) {
                                try (StateSnapshot s = harness.ledger().snapshot()) {
                                    String x = text(s.get("basic", "x").orElseThrow());
                                    String y = text(s.get("basic", "y").orElseThrow());
                                    List<String> keys = keys(s.range("basic", "", ""));
                                    long expectedKeys = 2 + Long.parseLong(x);
                                    if (!x.equals(y) || keys.size() != expectedKeys || !x.equals(String.valueOf(s.height() - 2))) {
                                        torn.add("height " + s.height() + ": x=" + x + " y=" + y + " keys=" + keys.size());
                                    }
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    reader.start();
                    readers.add(reader);
                }
                go.countDown();
                for (int i = 1; i <= 150; i++) {
                    harness.commit(tx().write("x", String.valueOf(i)).write("y", String.valueOf(i)).write("z" + i, "new").envelope());
                }
                committing.set(false);
                for (Thread reader : readers) {
                    reader.join();
                }

                assertThat(torn).isEmpty();
                try (StateSnapshot s = harness.ledger().snapshot()) {
                    assertThat(text(s.get("basic", "x").orElseThrow())).isEqualTo("150");
                    assertThat(s.history("basic", "x")).hasSize(151);
                }
            }
        }

        @Test
        void rangeHonoursBoundsNamespacesAndCodePointOrder() throws Exception {
            try (CommitHarness harness = new CommitHarness(crypto, CHAINCODES.define("other", "1.0"))) {
                String composite = "\u0000wallet\u0000";
                harness.commit(tx().write("b", "x").write("a", "x").write("c", "x").write("\uFFFDhigh-bmp", "x")
                        .write("\uD83D\uDE00emoji", "x").write(composite + "w1\u0000", "x").writeIn("other", "b2", "x").envelope());
                try (StateSnapshot s = harness.ledger().snapshot()) {
                    assertThat(keys(s.range("basic", "a", "c"))).containsExactly("a", "b");
                    // U+FFFD sorts before U+1F600 in UTF-8 bytes although its UTF-16 unit is larger
                    assertThat(keys(s.range("basic", "c", ""))).containsExactly("c", "\uFFFDhigh-bmp", "\uD83D\uDE00emoji");
                    assertThat(keys(s.range("basic", composite, composite + "\uDBFF\uDFFF"))).containsExactly(composite + "w1\u0000");
                    assertThat(keys(s.range("other", "", ""))).containsExactly("b2");
                }
            }
        }
    }

    @Nested
    class IndexesAndListeners {

        @Test
        void transactionIndexAnswersTheFirstOccurrenceWithItsCode() throws Exception {
            try (CommitHarness harness = new CommitHarness(crypto, CHAINCODES)) {
                Envelope e = tx().write("a", "1").envelope();
                harness.commit(e);
                harness.commit(e);

                TransactionStatus status = harness.ledger().transaction(EndorsedTransaction.txIdOf(e)).orElseThrow();
                assertThat(status).isEqualTo(new TransactionStatus(EndorsedTransaction.txIdOf(e), 1, 0, TxValidationCode.VALID));
                assertThat(harness.ledger().transaction("unknown")).isEmpty();
            }
        }

        @Test
        void listenersRunAfterTheBlocksStateIsVisible() throws Exception {
            try (CommitHarness harness = new CommitHarness(crypto, CHAINCODES)) {
                List<String> seen = new CopyOnWriteArrayList<>();
                harness.ledger().addCommitListener((block, transactions) -> {
                    try (StateSnapshot s = harness.ledger().snapshot()) {
                        seen.add(block.getHeader().getNumber() + ":" + s.get("basic", "a").map(ChannelLedgerTest::text).orElse("-"));
                    }
                });
                CompletableFuture<Long> reached = harness.ledger().heightReached(3);
                harness.commit(tx().write("a", "1").envelope());
                assertThat(reached).isNotDone();
                harness.commit(tx().write("a", "2").envelope());

                assertThat(seen).containsExactly("1:1", "2:2");
                assertThat(reached.get(1, TimeUnit.SECONDS)).isEqualTo(3);
                assertThat(harness.ledger().heightReached(1)).isCompleted();
            }
        }

        @Test
        void blocksMustBeAppendedInOrder() throws Exception {
            try (ChannelLedger ledger = ChannelLedger.inMemory("mychannel")) {
                Block wrong = Block.newBuilder().setHeader(org.hyperledger.fabric.protos.common.BlockHeader.newBuilder().setNumber(5)).build();
                assertThatThrownBy(() -> ledger.append(wrong, List.of())).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("block 5 cannot follow height 0");
                assertThat(ledger.height()).isZero();
            }
        }
    }

    @Nested
    class Persistence {

        @TempDir
        Path dataDir;

        @Test
        void restartGivesTheSameHeightHashesStateHistoryAndIndex() throws Exception {
            List<Block> before = new ArrayList<>();
            Envelope first = tx().write("a", "1").write("b", "1").envelope();
            try (ChannelLedger ledger = ChannelLedger.open(dataDir, "mychannel");
                    CommitHarness harness = new CommitHarness(crypto, CHAINCODES, ledger)) {
                harness.commit(first);
                harness.commit(tx().write("a", "2").delete("b").envelope(), first);
                for (long n = 0; n < ledger.height(); n++) {
                    before.add(ledger.block(n).orElseThrow());
                }
            }

            try (ChannelLedger reopened = ChannelLedger.open(dataDir, "mychannel"); StateSnapshot s = reopened.snapshot()) {
                assertThat(reopened.height()).isEqualTo(3);
                for (long n = 0; n < 3; n++) {
                    Block block = reopened.block(n).orElseThrow();
                    assertThat(block).isEqualTo(before.get((int) n));
                    assertThat(BlockHashing.headerHash(block.getHeader())).isEqualTo(BlockHashing.headerHash(before.get((int) n).getHeader()));
                    assertThat(reopened.blockByHash(BlockHashing.headerHash(block.getHeader()))).contains(block);
                }
                assertThat(text(s.get("basic", "a").orElseThrow())).isEqualTo("2");
                assertThat(s.get("basic", "a").orElseThrow().version()).isEqualTo(new Version(2, 0));
                assertThat(s.get("basic", "b")).isEmpty();
                assertThat(s.history("basic", "a")).hasSize(2);
                assertThat(reopened.transaction(EndorsedTransaction.txIdOf(first)).orElseThrow().blockNumber()).isEqualTo(1);
            }
        }

        @Test
        void tornTailFromACrashIsCutAndAppendsContinue() throws Exception {
            try (ChannelLedger ledger = ChannelLedger.open(dataDir, "mychannel");
                    CommitHarness harness = new CommitHarness(crypto, CHAINCODES, ledger)) {
                harness.commit(tx().write("a", "1").envelope());
            }
            Path file = dataDir.resolve("chains/mychannel/blocks.bin");
            long intact = Files.size(file);
            Files.write(file, new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);

            try (ChannelLedger ledger = ChannelLedger.open(dataDir, "mychannel");
                    CommitHarness harness = new CommitHarness(crypto, CHAINCODES, ledger)) {
                assertThat(ledger.height()).isEqualTo(2);
                assertThat(Files.size(file)).isEqualTo(intact);
                assertThat(harness.commit(tx().write("a", "2").envelope())).containsExactly(TxValidationCode.VALID);
            }
            try (ChannelLedger ledger = ChannelLedger.open(dataDir, "mychannel"); StateSnapshot s = ledger.snapshot()) {
                assertThat(ledger.height()).isEqualTo(3);
                assertThat(text(s.get("basic", "a").orElseThrow())).isEqualTo("2");
            }
        }

        @Test
        void closedLedgerRefusesBlocks() throws IOException {
            ChannelLedger ledger = ChannelLedger.open(dataDir, "mychannel");
            ledger.close();
            assertThatThrownBy(() -> ledger.append(Block.getDefaultInstance(), List.of())).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed");
        }
    }
}
