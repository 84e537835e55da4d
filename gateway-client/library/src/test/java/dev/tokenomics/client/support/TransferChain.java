package dev.tokenomics.client.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A chain as a replaying projector meets it: config block, a genesis block funding every wallet,
 * then blocks of random one-unit transfers whose events carry the wallets' running balances, exactly
 * as the chaincode emits them. Seeded, so every run replays the same chain.
 */
public record TransferChain(List<Block> blocks, List<String> transferTxIds, String tenantId) {
    private static final long START_BALANCE = 1_000_000;
    private static final String OWNER = "x509::CN=bench::CN=ca";

    /** Blocks 0 (config) and 1 (genesis), then {@code blockCount} blocks of {@code perBlock} transfers. */
    public static TransferChain build(String tenantId, int blockCount, int perBlock, int wallets) {
        SyntheticBlocks factory = new SyntheticBlocks("mychannel", "tokenomics");
        Random random = new Random(7);
        long[] balances = new long[wallets];
        Arrays.fill(balances, START_BALANCE);
        List<Block> blocks = new ArrayList<>(blockCount + 2);
        List<String> txIds = new ArrayList<>(blockCount * perBlock);
        blocks.add(factory.configBlock());
        SyntheticBlocks.EventPayload genesis = SyntheticBlocks.event("GenesisDistributed", "genesis").txType("GENESIS")
                .supply(START_BALANCE * wallets);
        for (int w = 0; w < wallets; w++) {
            genesis.move(null, "w" + w, START_BALANCE).wallet("w" + w, OWNER, START_BALANCE, "ACTIVE");
        }
        blocks.add(factory.block(1, List.of(new SyntheticBlocks.Tx("genesis", TxValidationCode.VALID, "GenesisDistributed", genesis.json()))));
        for (int b = 0; b < blockCount; b++) {
            List<SyntheticBlocks.Tx> txs = new ArrayList<>(perBlock);
            for (int t = 0; t < perBlock; t++) {
                int from = random.nextInt(wallets);
                int to = (from + 1 + random.nextInt(wallets - 1)) % wallets;
                balances[from] -= 1;
                balances[to] += 1;
                String txId = "b" + b + "t" + t;
                int low = Math.min(from, to);
                int high = Math.max(from, to);
                txs.add(new SyntheticBlocks.Tx(txId, TxValidationCode.VALID, "InternalTransferEvent",
                        SyntheticBlocks.event("InternalTransferEvent", txId).key(tenantId + ":" + txId).txType("TRANSFER")
                                .move("w" + from, "w" + to, 1)
                                .wallet("w" + low, OWNER, balances[low], "ACTIVE")
                                .wallet("w" + high, OWNER, balances[high], "ACTIVE").json()));
                txIds.add(txId);
            }
            blocks.add(factory.block(b + 2, txs));
        }
        return new TransferChain(List.copyOf(blocks), List.copyOf(txIds), tenantId);
    }

    public long lastBlock() {
        return blocks.size() - 1;
    }
}
