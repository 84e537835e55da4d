package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static dev.tokenomics.chaincode.identity.Identities.OPERATOR;
import static dev.tokenomics.chaincode.identity.Identities.ORG2_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.stub.TxOutcome;

class InitializeAndGenesisTest extends LedgerFixture {

    @Nested
    class Initialize {
        @Test
        void anyoneMayInitializeOnceAndGetsTheStoredConfig() {
            TxOutcome out = submit(BOB, "Initialize", CONFIG);

            assertThat(out.result()).isEqualTo("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[\"Org2MSP\"],\"operatorMspIds\":[\"Org3MSP\"]}");
            assertThat(out.eventName()).isEqualTo("Initialized");
            assertThat(out.eventJson().get("txType").getAsString()).isEqualTo("INITIALIZE");
        }

        @Test
        void secondCallIsAlreadyInitialized() {
            initialize();
            TxOutcome again = submit(ADMIN, "Initialize", CONFIG);
            assertThat(again.code()).isEqualTo(ErrorCode.ALREADY_INITIALIZED);
            assertThat(again.writes()).isEmpty();
        }

        @Test
        void missingMspListsMeanRolesComeFromAttributesOnly() {
            submit(ADMIN, "Initialize", "{\"symbol\":\"GXT\",\"decimals\":0}").result();
            assertThat(submit(ORG2_ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 5)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 5)).succeeded()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "[]", "{", "{\"decimals\":2}", "{\"symbol\":\"GXT\"}", "{\"symbol\":\"GXT\",\"decimals\":19}",
                "{\"symbol\":\"GXT\",\"decimals\":-1}", "{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":\"Org1MSP\"}",
                "{symbol:\"GXT\",\"decimals\":2}"})
        void malformedConfigIsInvalidAndWritesNothing(String config) {
            TxOutcome out = submit(ADMIN, "Initialize", config);
            assertThat(out.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(cc.ledger().snapshot()).isEmpty();
        }
    }

    @Nested
    class DistributeGenesis {
        @Test
        void createsWalletsAndSupplyOnceWithOneEvent() {
            initialize();
            TxOutcome out = submit(ADMIN, "DistributeGenesis", allocations(BOB, "w2", 300, ALICE, "w1", 700));

            assertThat(balance("w1")).isEqualTo(700);
            assertThat(balance("w2")).isEqualTo(300);
            assertThat(totalSupply()).isEqualTo(1000);
            assertThat(out.eventName()).isEqualTo("GenesisDistributed");
            JsonObject event = out.eventJson();
            assertThat(event.get("txType").getAsString()).isEqualTo("GENESIS");
            assertThat(event.getAsJsonArray("movements").toString())
                    .isEqualTo("[{\"fromId\":null,\"toId\":\"w2\",\"amount\":300},{\"fromId\":null,\"toId\":\"w1\",\"amount\":700}]");
            assertThat(event.getAsJsonArray("wallets").get(0).getAsJsonObject().get("walletId").getAsString()).isEqualTo("w1");
            assertThat(event.get("totalSupply").getAsLong()).isEqualTo(1000);
        }

        @Test
        void secondGenesisIsRejected() {
            initialize();
            submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 1)).result();
            TxOutcome again = submit(ADMIN, "DistributeGenesis", allocations(BOB, "w9", 1));
            assertThat(again.code()).isEqualTo(ErrorCode.GENESIS_ALREADY_DONE);
            assertThat(again.writes()).isEmpty();
            assertThat(totalSupply()).isEqualTo(1);
        }

        @Test
        void adminByMspIdMayDistribute() {
            initialize();
            assertThat(submit(ORG2_ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 10)).succeeded()).isTrue();
        }

        @Test
        void operatorIsUnauthorized() {
            initialize();
            assertThat(submit(OPERATOR, "DistributeGenesis", allocations(ALICE, "w1", 10)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        }

        @Test
        void beforeInitializeTheTokenIsNotFound() {
            TxOutcome out = submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 10));
            assertThat(out.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(out.errorPayload().getAsJsonObject("details").get("entity").getAsString()).isEqualTo("TokenConfig");
        }

        @Test
        void existingWalletIsAlreadyExists() {
            initialize();
            submit(OPERATOR, "CreateWallet", "w1", ALICE.id()).result();
            TxOutcome out = submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 10));
            assertThat(out.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            assertThat(totalSupply()).isZero();
        }

        @Test
        void duplicateOrZeroOrMalformedAllocationsAreInvalid() {
            initialize();
            assertThat(submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 1, BOB, "w1", 2)).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(submit(ADMIN, "DistributeGenesis", allocations(ALICE, "w1", 0)).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(submit(ADMIN, "DistributeGenesis", "{\"allocations\":[]}").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(submit(ADMIN, "DistributeGenesis", "{\"allocations\":[{\"walletId\":\"w1\",\"amount\":5}]}").code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(cc.ledger().snapshot()).hasSize(1); // only the config
        }

        @Test
        void allocationsSummingPastALongAreInvalid() {
            initialize();
            StringBuilder many = new StringBuilder("{\"allocations\":[");
            for (int i = 0; i < 10; i++) {
                many.append(i == 0 ? "" : ",").append("{\"walletId\":\"w").append(i)
                        .append("\",\"owner\":\"o\",\"amount\":1000000000000000000}");
            }
            TxOutcome out = submit(ADMIN, "DistributeGenesis", many.append("]}").toString());
            assertThat(out.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(out.writes()).isEmpty();
        }
    }
}
