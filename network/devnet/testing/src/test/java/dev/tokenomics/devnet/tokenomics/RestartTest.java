package dev.tokenomics.devnet.tokenomics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.devnet.Devnet;
import dev.tokenomics.devnet.compat.BlockHashes;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.junit.DevnetGateway;
import dev.tokenomics.devnet.ledger.TransactionStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A devnet with a data dir keeps height, block hashes and balances across a restart; block events agree with commit status. */
class RestartTest {

    private static Devnet start(Path dir, Path data) {
        return Devnet.builder()
                .chaincode("tokenomics", DevnetExtension.tokenomicsJar())
                .tls(false)
                .dir(dir)
                .dataDir(data)
                .start();
    }

    @Test
    void heightHashesAndBalancesSurviveARestartAndBlockEventsMatchCommitStatuses(@TempDir Path dir, @TempDir Path data) throws Exception {
        long height;
        List<Block> before;
        List<Status> statuses = new ArrayList<>();
        try (Devnet devnet = start(dir, data); DevnetGateway admin = DevnetGateway.connect(devnet, "ADMIN")) {
            TokenomicsLedger ledger = new TokenomicsLedger(admin.contract("tokenomics"));
            ledger.genesis(devnet, 500, "w1", "w2");
            Transaction winner = admin.contract("tokenomics").newProposal("Transfer").addArguments("w1", "w2", "200").build().endorse();
            Transaction loser = admin.contract("tokenomics").newProposal("Transfer").addArguments("w1", "w2", "200").build().endorse();
            statuses.add(winner.submitAsync().getStatus());
            statuses.add(loser.submitAsync().getStatus());
            height = devnet.ledger().height();
            before = blocksFromZero(admin, height);
            assertThat(BlockHashes.chained(before)).isTrue();
            assertThat(statuses).extracting(Status::getCode)
                    .containsExactly(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
            for (Status status : statuses) {
                Block block = before.get((int) status.getBlockNumber());
                assertThat(codeIn(block, status.getTransactionId())).isEqualTo(status.getCode());
            }
            for (Block block : before) {
                for (int i = 0; i < block.getData().getDataCount(); i++) {
                    String txId = txId(block, i);
                    TransactionStatus committed = devnet.ledger().transaction(txId).orElse(null);
                    if (committed != null) {
                        assertThat(TxValidationCode.forNumber(block.getMetadata().getMetadata(2).byteAt(i))).isEqualTo(committed.code());
                    }
                }
            }
        }

        try (Devnet devnet = start(dir, data); DevnetGateway admin = DevnetGateway.connect(devnet, "ADMIN")) {
            TokenomicsLedger ledger = new TokenomicsLedger(admin.contract("tokenomics"));

            assertThat(devnet.ledger().height()).isEqualTo(height);
            assertThat(blocksFromZero(admin, height)).isEqualTo(before);
            assertThat(ledger.balance("w1")).isEqualTo(300);
            assertThat(ledger.balance("w2")).isEqualTo(700);
        }
    }

    private static List<Block> blocksFromZero(DevnetGateway gateway, long height) {
        List<Block> blocks = new ArrayList<>();
        try (CloseableIterator<Block> events = gateway.network().newBlockEventsRequest().startBlock(0).build().getEvents()) {
            while (blocks.size() < height) {
                blocks.add(events.next());
            }
        }
        return blocks;
    }

    private static TxValidationCode codeIn(Block block, String txId) throws Exception {
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            if (txId(block, i).equals(txId)) {
                return TxValidationCode.forNumber(block.getMetadata().getMetadata(2).byteAt(i));
            }
        }
        throw new AssertionError("tx " + txId + " not in block " + block.getHeader().getNumber());
    }

    private static String txId(Block block, int index) throws Exception {
        Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(index)).getPayload());
        return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId();
    }
}
