package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;

import java.nio.charset.StandardCharsets;

import com.google.gson.JsonParser;

import dev.tokenomics.chaincode.identity.TestIdentity;
import dev.tokenomics.chaincode.state.LedgerKeys;
import dev.tokenomics.chaincode.stub.ChaincodeHarness;
import dev.tokenomics.chaincode.stub.TxOutcome;

/** A fresh ledger per test plus the steps most scenarios start from. */
abstract class LedgerFixture {
    /** Org2MSP members are admins and Org3MSP members operators by MSP id; Org1 roles come from attributes. */
    static final String CONFIG = "{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[\"Org2MSP\"],\"operatorMspIds\":[\"Org3MSP\"]}";

    final ChaincodeHarness cc = new ChaincodeHarness();

    TxOutcome submit(TestIdentity caller, String function, String... args) {
        return cc.submit(caller, function, args);
    }

    void initialize() {
        submit(ADMIN, "Initialize", CONFIG).result();
    }

    /** Initialized, genesis done: w1 (alice) holds 1000, w2 (bob) holds 0; total supply 1000. */
    void aliceHolds1000() {
        initialize();
        submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 1000)).result();
        // Genesis rejects zero amounts, so the empty wallet is created afterwards.
        submit(OPERATOR, "CreateWallet", "w2", BOB.id()).result();
    }

    static String allocations(Object... ownerIdAmount) {
        StringBuilder json = new StringBuilder("{\"allocations\":[");
        for (int i = 0; i < ownerIdAmount.length; i += 3) {
            if (i > 0) {
                json.append(',');
            }
            TestIdentity owner = (TestIdentity) ownerIdAmount[i];
            json.append("{\"walletId\":\"").append(ownerIdAmount[i + 1]).append("\",\"owner\":\"")
                    .append(owner.id()).append("\",\"amount\":").append(ownerIdAmount[i + 2]).append('}');
        }
        return json.append("]}").toString();
    }

    static String transfers(String... fromToAmount) {
        StringBuilder json = new StringBuilder("{\"transfers\":[");
        for (int i = 0; i < fromToAmount.length; i += 3) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"fromId\":\"").append(fromToAmount[i]).append("\",\"toId\":\"").append(fromToAmount[i + 1])
                    .append("\",\"amount\":").append(fromToAmount[i + 2]).append('}');
        }
        return json.append("]}").toString();
    }

    /** An ApplyCommands envelope of the given command objects. */
    static String envelope(String... commands) {
        return "{\"commands\":[" + String.join(",", commands) + "]}";
    }

    static String transferCommand(String key, String fromId, String toId, Object amount) {
        return "{\"type\":\"TRANSFER\",\"idempotencyKey\":\"" + key + "\",\"fromId\":\"" + fromId + "\",\"toId\":\""
                + toId + "\",\"amount\":" + amount + ",\"txType\":\"PAY\",\"remark\":\"seed\"}";
    }

    static String supplyCommand(String type, String key, String walletId, Object amount) {
        return "{\"type\":\"" + type + "\",\"idempotencyKey\":\"" + key + "\",\"walletId\":\"" + walletId
                + "\",\"amount\":" + amount + "}";
    }

    /** A BATCH_TRANSFER of {@code legs} legs of 1 from w1 to w2. */
    static String batchCommand(String key, int legs) {
        String body = transfers(legs(legs));
        return "{\"type\":\"BATCH_TRANSFER\",\"idempotencyKey\":\"" + key + "\"," + body.substring(1);
    }

    /** {@code count} legs of 1 from w1 to w2, as {@link #transfers} takes them. */
    static String[] legs(int count) {
        String[] fromToAmount = new String[count * 3];
        for (int i = 0; i < count; i++) {
            fromToAmount[3 * i] = "w1";
            fromToAmount[3 * i + 1] = "w2";
            fromToAmount[3 * i + 2] = "1";
        }
        return fromToAmount;
    }

    long balance(String walletId) {
        byte[] stored = cc.ledger().get(LedgerKeys.wallet(walletId));
        return JsonParser.parseString(new String(stored, StandardCharsets.UTF_8)).getAsJsonObject().get("balance").getAsLong();
    }

    String status(String walletId) {
        byte[] stored = cc.ledger().get(LedgerKeys.wallet(walletId));
        return JsonParser.parseString(new String(stored, StandardCharsets.UTF_8)).getAsJsonObject().get("status").getAsString();
    }

    long totalSupply() {
        byte[] stored = cc.ledger().get(LedgerKeys.totalSupply());
        return stored == null ? 0 : JsonParser.parseString(new String(stored, StandardCharsets.UTF_8)).getAsJsonObject()
                .get("totalSupply").getAsLong();
    }
}
