package dev.tokenomics.client.projector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tokenomics.client.support.SyntheticBlocks;
import org.junit.jupiter.api.Test;

/** Which ledger events carry which command's request (pure logic: events as the chaincode writes them). */
class RequestMatchTest {
    private static final String TRANSFER = "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800}";

    private static LedgerEvent event(SyntheticBlocks.EventPayload payload) {
        return LedgerEvent.parse(payload.json());
    }

    private static LedgerEvent withRemark(SyntheticBlocks.EventPayload payload, String remark) {
        JsonObject json = com.google.gson.JsonParser.parseString(payload.json()).getAsJsonObject();
        json.addProperty("remark", remark);
        return LedgerEvent.parse(json.toString());
    }

    private static SyntheticBlocks.EventPayload internalTransfer(String key) {
        return SyntheticBlocks.event("InternalTransferEvent", "tx").key(key).txType("TRANSFER").move("a", "b", 800);
    }

    @Test
    void aTransferMatchesTheTransactionThatRecordsItsMovementTxTypeRemarkAndTenantKey() {
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER", TRANSFER)).isTrue();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER", "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":\"800\"}"))
                .as("the amount's spelling in the payload is not the request").isTrue();

        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER",
                "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":801}")).as("another amount").isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER",
                "{\"fromId\":\"a\",\"toId\":\"c\",\"amount\":800}")).as("another destination").isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER",
                "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800,\"txType\":\"PAYOUT\"}")).as("another txType").isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t2:k")), "t1", "k", "TRANSFER", TRANSFER)).as("another tenant").isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k2")), "t1", "k", "TRANSFER", TRANSFER)).as("another key").isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "BATCH_TRANSFER",
                "{\"transfers\":[{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800}]}")).as("another transaction").isFalse();
    }

    @Test
    void anEmptyRemarkIsTheAbsentOneAndAnotherRemarkIsAnotherRequest() {
        String withNote = "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800,\"remark\":\"invoice 7\"}";
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER",
                "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800,\"remark\":\"\"}")).isTrue();
        assertThat(RequestMatch.carries(withRemark(internalTransfer("t1:k"), "invoice 7"), "t1", "k", "TRANSFER", withNote)).isTrue();
        assertThat(RequestMatch.carries(withRemark(internalTransfer("t1:k"), "invoice 8"), "t1", "k", "TRANSFER", withNote)).isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER", withNote)).isFalse();
    }

    @Test
    void batchesMatchLegByLegInRequestOrderAndSupplyChangesByTheirOneSidedMovement() {
        String batch = "{\"transfers\":[{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":1},{\"fromId\":\"b\",\"toId\":\"c\",\"amount\":2}]}";
        SyntheticBlocks.EventPayload recorded = SyntheticBlocks.event("BatchTransferCompleted", "tx").key("t1:k").txType("BATCH")
                .move("a", "b", 1).move("b", "c", 2);
        SyntheticBlocks.EventPayload reordered = SyntheticBlocks.event("BatchTransferCompleted", "tx").key("t1:k").txType("BATCH")
                .move("b", "c", 2).move("a", "b", 1);
        assertThat(RequestMatch.carries(event(recorded), "t1", "k", "BATCH_TRANSFER", batch)).isTrue();
        assertThat(RequestMatch.carries(event(reordered), "t1", "k", "BATCH_TRANSFER", batch)).isFalse();

        SyntheticBlocks.EventPayload mint = SyntheticBlocks.event("TokensMinted", "tx").key("t1:m").txType("MINT").move(null, "a", 5);
        assertThat(RequestMatch.carries(event(mint), "t1", "m", "MINT", "{\"walletId\":\"a\",\"amount\":5}")).isTrue();
        assertThat(RequestMatch.carries(event(mint), "t1", "m", "BURN", "{\"walletId\":\"a\",\"amount\":5}")).isFalse();
        SyntheticBlocks.EventPayload burn = SyntheticBlocks.event("TokensBurned", "tx").key("t1:m").txType("BURN").move("a", null, 5);
        assertThat(RequestMatch.carries(event(burn), "t1", "m", "BURN", "{\"walletId\":\"a\",\"amount\":5}")).isTrue();
    }

    @Test
    void aReplayMatchesByTheOriginalsContentUnlessThatContentCouldBeEitherTransaction() {
        SyntheticBlocks.EventPayload replay = SyntheticBlocks.event("OperationReplayed", "tx2").key("t1:k").txType("TRANSFER")
                .move("a", "b", 800).original("tx1");
        assertThat(RequestMatch.carries(event(replay), "t1", "k", "TRANSFER", TRANSFER)).isTrue();
        assertThat(RequestMatch.carries(event(replay), "t1", "k", "TRANSFER", "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":8}")).isFalse();

        // A TransferInternal with txType BATCH and a one-leg BatchTransfer record the same content.
        SyntheticBlocks.EventPayload ambiguous = SyntheticBlocks.event("OperationReplayed", "tx2").key("t1:k").txType("BATCH")
                .move("a", "b", 800).original("tx1");
        assertThat(RequestMatch.carries(event(ambiguous), "t1", "k", "BATCH_TRANSFER",
                "{\"transfers\":[{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800}]}")).isFalse();
        assertThat(RequestMatch.carries(event(ambiguous), "t1", "k", "TRANSFER",
                "{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":800,\"txType\":\"BATCH\"}")).isFalse();
    }

    @Test
    void keylessCommandsAndRowsNoEnqueueWouldAcceptMatchNothing() {
        SyntheticBlocks.EventPayload created = SyntheticBlocks.event("WalletCreated", "tx").txType("CREATE_WALLET");
        assertThat(RequestMatch.carries(event(created), "t1", "k", "CREATE_WALLET", "{\"walletId\":\"a\",\"owner\":\"o\"}")).isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "BOGUS", TRANSFER)).isFalse();
        assertThat(RequestMatch.carries(event(internalTransfer("t1:k")), "t1", "k", "TRANSFER", "{\"garbage\":true}")).isFalse();
        assertThat(RequestMatch.carries(null, "t1", "k", "TRANSFER", TRANSFER)).isFalse();
    }
}
