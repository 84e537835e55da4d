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
 * as the chaincode emits them: each its own transaction, or packed into ApplyCommands transactions
 * (a CommandsApplied event with one applied item per transfer), as the outbox submits them. Seeded,
 * so every run replays the same chain.
 */
public record TransferChain(List<Block> blocks, List<Transfer> transfers, String tenantId) {
    private static final long START_BALANCE = 1_000_000;
    private static final String OWNER = "x509::CN=bench::CN=ca";

    /** A transfer's command: the transaction that carries it and its idempotency key without the tenant prefix. */
    public record Transfer(String txId, String key) {
    }

    /**
     * Blocks 0 (config) and 1 (genesis), then {@code blockCount} blocks of {@code perBlock} transfers,
     * {@code perTransaction} to a transaction (1: single transactions, each with its own event).
     */
    public static TransferChain build(String tenantId, int blockCount, int perBlock, int wallets, int perTransaction) {
        if (perTransaction < 1 || perBlock % perTransaction != 0) {
            throw new IllegalArgumentException("transfers per block (" + perBlock + ") must be a multiple of transfers per transaction ("
                    + perTransaction + ")");
        }
        SyntheticBlocks factory = new SyntheticBlocks("mychannel", "tokenomics");
        Random random = new Random(7);
        long[] balances = new long[wallets];
        Arrays.fill(balances, START_BALANCE);
        List<Block> blocks = new ArrayList<>(blockCount + 2);
        List<Transfer> transfers = new ArrayList<>(blockCount * perBlock);
        blocks.add(factory.configBlock());
        SyntheticBlocks.EventPayload genesis = SyntheticBlocks.event("GenesisDistributed", "genesis").txType("GENESIS")
                .supply(START_BALANCE * wallets);
        for (int w = 0; w < wallets; w++) {
            genesis.move(null, "w" + w, START_BALANCE).wallet("w" + w, OWNER, START_BALANCE, "ACTIVE");
        }
        blocks.add(factory.block(1, List.of(new SyntheticBlocks.Tx("genesis", TxValidationCode.VALID, "GenesisDistributed", genesis.json()))));
        for (int b = 0; b < blockCount; b++) {
            List<SyntheticBlocks.Tx> txs = new ArrayList<>(perBlock / perTransaction);
            for (int t = 0; t < perBlock / perTransaction; t++) {
                String txId = "b" + b + "t" + t;
                if (perTransaction == 1) {
                    SyntheticBlocks.EventPayload event = transfer(random, balances, tenantId + ":" + txId, txId);
                    txs.add(new SyntheticBlocks.Tx(txId, TxValidationCode.VALID, "InternalTransferEvent", event.json()));
                    transfers.add(new Transfer(txId, txId));
                    continue;
                }
                SyntheticBlocks.CommandsAppliedPayload envelope = SyntheticBlocks.commandsApplied(txId);
                for (int item = 0; item < perTransaction; item++) {
                    String key = txId + "i" + item;
                    envelope.applied("TRANSFER", tenantId + ":" + key, transfer(random, balances, tenantId + ":" + key, txId));
                    transfers.add(new Transfer(txId, key));
                }
                txs.add(envelope.tx());
            }
            blocks.add(factory.block(b + 2, txs));
        }
        return new TransferChain(List.copyOf(blocks), List.copyOf(transfers), tenantId);
    }

    /** A random one-unit transfer between two wallets, applied to {@code balances}: its event. */
    private static SyntheticBlocks.EventPayload transfer(Random random, long[] balances, String key, String txId) {
        int wallets = balances.length;
        int from = random.nextInt(wallets);
        int to = (from + 1 + random.nextInt(wallets - 1)) % wallets;
        balances[from] -= 1;
        balances[to] += 1;
        int low = Math.min(from, to);
        int high = Math.max(from, to);
        return SyntheticBlocks.event("InternalTransferEvent", txId).key(key).txType("TRANSFER")
                .move("w" + from, "w" + to, 1)
                .wallet("w" + low, OWNER, balances[low], "ACTIVE")
                .wallet("w" + high, OWNER, balances[high], "ACTIVE");
    }

    public long lastBlock() {
        return blocks.size() - 1;
    }
}
