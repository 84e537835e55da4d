package dev.tokenomics.service;

import static dev.tokenomics.service.TokenomicsServiceTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tokenomics.client.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read-model routes over rows a projector would have written. */
class WalletRoutesTest {
    private static TestDatabase db;
    private static TokenomicsService service;
    private static HttpCalls http;
    private static String shopKey;
    private static String otherKey;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create(4);
        shopKey = new ApiKeys(db.dataSource()).create("shop").key();
        otherKey = new ApiKeys(db.dataSource()).create("other").key();
        db.execute("INSERT INTO wallet (tenant_id, wallet_id, owner_id, balance, status, freeze_reason, version, last_tx_id, last_block) VALUES "
                + "('shop', 'w001', 'alice', 975, 'ACTIVE', NULL, 3, 'tx3', 3), ('shop', 'w009', 'bob', 0, 'FROZEN', 'audit', 1, 'tx1', 1)");
        // w001 sends in tx1 and tx3, receives as the second leg of batch tx2; tx4 is between others.
        String insert = "INSERT INTO wallet_transaction (tenant_id, on_chain_tx_id, block_number, tx_index, event_type, tx_type, idempotency_key, "
                + "from_wallet_id, to_wallet_id, amount, movements, applied) VALUES ";
        db.execute(insert + "('shop', 'tx1', 1, 0, 'TokensTransferred', 'TRANSFER', 'shop:k1', 'w001', 'w002', 10, "
                + "'[{\"fromId\":\"w001\",\"toId\":\"w002\",\"amount\":10}]', true)");
        db.execute(insert + "('shop', 'tx2', 2, 0, 'BatchTransferred', 'BATCH', 'shop:k2', 'w003', 'w004', 5, "
                + "'[{\"fromId\":\"w003\",\"toId\":\"w004\",\"amount\":5},{\"fromId\":\"w003\",\"toId\":\"w001\",\"amount\":20}]', true)");
        db.execute(insert + "('shop', 'tx4', 2, 1, 'TokensTransferred', 'TRANSFER', 'other:k4', 'w005', 'w006', 1, "
                + "'[{\"fromId\":\"w005\",\"toId\":\"w006\",\"amount\":1}]', true)");
        db.execute(insert + "('shop', 'tx3', 3, 0, 'TokensTransferred', 'TRANSFER', 'shop:k3', 'w001', 'w007', 35, "
                + "'[{\"fromId\":\"w001\",\"toId\":\"w007\",\"amount\":35}]', true)");
        service = TokenomicsService.builder(db.dataSource()).port(0).build().start();
        http = new HttpCalls(service.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.close();
        db.close();
    }

    @Test
    void aWalletIsItsReadModelRow() throws Exception {
        JsonObject wallet = http.get("/v1/wallets/w001", shopKey).json();

        assertThat(wallet.get("walletId").getAsString()).isEqualTo("w001");
        assertThat(wallet.get("ownerId").getAsString()).isEqualTo("alice");
        assertThat(wallet.get("balance").getAsLong()).isEqualTo(975);
        assertThat(wallet.get("status").getAsString()).isEqualTo("ACTIVE");
        assertThat(wallet.get("version").getAsLong()).isEqualTo(3);
        JsonObject frozen = http.get("/v1/wallets/w009", shopKey).json();
        assertThat(frozen.get("status").getAsString()).isEqualTo("FROZEN");
        assertThat(frozen.get("freezeReason").getAsString()).isEqualTo("audit");
    }

    @Test
    void aWalletNotInTheTenantsReadModelIsNotFound() throws Exception {
        assertProblem(http.get("/v1/wallets/nobody", shopKey), 404, "NOT_FOUND");
        assertProblem(http.get("/v1/wallets/w001", otherKey), 404, "NOT_FOUND");
    }

    @Test
    void transactionsAreTheWalletsMovementsInOrderPagedByCursorUntilNextIsNull() throws Exception {
        List<String> seen = new ArrayList<>();
        String next = "/v1/wallets/w001/transactions?limit=2";
        int pages = 0;
        while (next != null) {
            JsonObject page = http.get(next, shopKey).json();
            JsonArray items = page.getAsJsonArray("items");
            items.forEach(item -> seen.add(item.getAsJsonObject().get("transactionId").getAsString()));
            next = page.get("next").isJsonNull() ? null : page.get("next").getAsString();
            pages++;
        }

        assertThat(seen).containsExactly("tx1", "tx2", "tx3");
        assertThat(pages).isEqualTo(2);
        JsonObject batch = http.get("/v1/wallets/w001/transactions?limit=1&after="
                + http.get("/v1/wallets/w001/transactions?limit=1", shopKey).json().getAsJsonArray("items").get(0).getAsJsonObject().get("cursor"), shopKey)
                .json().getAsJsonArray("items").get(0).getAsJsonObject();
        assertThat(batch.get("transactionId").getAsString()).isEqualTo("tx2");
        assertThat(batch.getAsJsonArray("movements")).hasSize(2);
        assertThat(http.get("/v1/wallets/w001/transactions", otherKey).json().getAsJsonArray("items")).isEmpty();
    }

    @Test
    void aLimitOrCursorOutOfRangeIsABadRequestNamingIt() throws Exception {
        HttpCalls.Reply zero = http.get("/v1/wallets/w001/transactions?limit=0", shopKey);
        assertProblem(zero, 400, "INVALID_ARGUMENT");
        assertThat(zero.json().get("field").getAsString()).isEqualTo("limit");
        HttpCalls.Reply cursor = http.get("/v1/wallets/w001/transactions?after=x", shopKey);
        assertProblem(cursor, 400, "INVALID_ARGUMENT");
        assertThat(cursor.json().get("field").getAsString()).isEqualTo("after");
    }
}
