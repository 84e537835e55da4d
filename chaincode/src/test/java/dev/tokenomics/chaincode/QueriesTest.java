package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.stub.TxOutcome;

class QueriesTest extends LedgerFixture {

    @BeforeEach
    void ledger() {
        aliceHolds1000();
    }

    private TxOutcome query(String function, String... args) {
        TxOutcome out = cc.evaluate(BOB, function, args);
        if (out.succeeded()) {
            assertThat(out.writes()).isEmpty();
            assertThat(out.eventName()).isNull();
        }
        return out;
    }

    @Nested
    class GetWallet {
        @Test
        void returnsTheStoredWallet() {
            assertThat(query("GetWallet", "w1").result())
                    .isEqualTo("{\"walletId\":\"w1\",\"owner\":\"" + ALICE.id() + "\",\"balance\":1000,\"status\":\"ACTIVE\"}");
        }

        @Test
        void unknownWalletIsNotFound() {
            assertThat(query("GetWallet", "w404").code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class GetBalance {
        @Test
        void returnsIdAndBalance() {
            assertThat(query("GetBalance", "w1").result()).isEqualTo("{\"walletId\":\"w1\",\"balance\":1000}");
        }
    }

    @Nested
    class GetTotalSupply {
        @Test
        void returnsTheSupply() {
            assertThat(query("GetTotalSupply").result()).isEqualTo("{\"totalSupply\":1000}");
        }
    }

    @Nested
    class IsOperationProcessedAndGetOperation {
        @Test
        void reportTheKeyAndTheTransactionThatAppliedIt() {
            assertThat(query("IsOperationProcessed", "k-9").result())
                    .isEqualTo("{\"idempotencyKey\":\"k-9\",\"processed\":false,\"txId\":null}");
            assertThat(query("GetOperation", "k-9").code()).isEqualTo(ErrorCode.NOT_FOUND);

            TxOutcome applied = submit(OPERATOR, "TransferInternal", "w1", "w2", "9", "PAY", "", "k-9");

            assertThat(query("IsOperationProcessed", "k-9").result())
                    .isEqualTo("{\"idempotencyKey\":\"k-9\",\"processed\":true,\"txId\":\"" + applied.txId() + "\"}");
            JsonObject record = query("GetOperation", "k-9").resultJson();
            assertThat(record.get("txId").getAsString()).isEqualTo(applied.txId());
            assertThat(record.get("requestHash").getAsString()).matches("[0-9a-f]{64}");
            assertThat(record.getAsJsonObject("result").toString()).isEqualTo(applied.result());
        }
    }

    @Nested
    class GetWalletHistory {
        @Test
        void listsEveryCommittedVersionNewestFirst() {
            TxOutcome t1 = submit(ALICE, "Transfer", "w1", "w2", "100");
            TxOutcome t2 = submit(ALICE, "Transfer", "w1", "w2", "50");

            JsonObject history = query("GetWalletHistory", "w1").resultJson();
            List<String> txIds = new ArrayList<>();
            List<Long> balances = new ArrayList<>();
            for (JsonElement e : history.getAsJsonArray("history")) {
                txIds.add(e.getAsJsonObject().get("txId").getAsString());
                balances.add(e.getAsJsonObject().getAsJsonObject("wallet").get("balance").getAsLong());
            }
            assertThat(txIds).containsExactly(t2.txId(), t1.txId(), "tx0002");
            assertThat(balances).containsExactly(850L, 900L, 1000L);
        }
    }

    @Nested
    class ListWallets {
        @Test
        void pagesThroughAllWalletsWithABookmark() {
            submit(ADMIN, "CreateWallet", "w3", BOB.id()).result();
            JsonObject first = query("ListWallets", "2", "").resultJson();
            assertThat(first.get("fetchedCount").getAsInt()).isEqualTo(2);
            assertThat(first.getAsJsonArray("wallets").get(0).getAsJsonObject().get("walletId").getAsString()).isEqualTo("w1");
            String bookmark = first.get("bookmark").getAsString();
            assertThat(bookmark).isNotEmpty();

            JsonObject second = query("ListWallets", "2", bookmark).resultJson();
            assertThat(second.get("fetchedCount").getAsInt()).isEqualTo(1);
            assertThat(second.getAsJsonArray("wallets").get(0).getAsJsonObject().get("walletId").getAsString()).isEqualTo("w3");
            assertThat(second.get("bookmark").getAsString()).isEmpty();
        }

        @Test
        void listsOnlyWalletsNotConfigOrRecords() {
            submit(OPERATOR, "TransferInternal", "w1", "w2", "9", "PAY", "", "k-1").result();
            TxOutcome out = query("ListWallets", "100", "");
            assertThat(out.resultJson().get("fetchedCount").getAsInt()).isEqualTo(2);
            assertThat(out.rangeReads()).hasSize(1);
        }

        @Test
        void badPageSizeIsInvalid() {
            assertThat(query("ListWallets", "0", "").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(query("ListWallets", "1001", "").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(query("ListWallets", "ten", "").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }
}
