package dev.tokenomics.client.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.projector.LedgerEvent;
import dev.tokenomics.devnet.junit.DevnetExtension;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's copies of the chaincode's contract — error codes, wallet statuses, the event
 * payload — agree with the chaincode jar the devnet runs. The jar's own classes are read through
 * a class loader of their own (none of them belong on the client's classpath), and the events are
 * the ones the real chaincode emits for one transaction of every kind the client reads.
 */
class ChaincodeAgreementTest {
    private static final String OWNER = "x509::CN=agreement::CN=ca";
    /**
     * Chaincode event types LedgerEvent does not read, each with why. CommandsApplied (ApplyCommands) is
     * an envelope of outcomes, {@code {"commands":[outcome...]}}, read by the projector's own
     * CommandsApplied record; each APPLIED outcome's result is one of the events checked here, and
     * CommandsAppliedEndToEndTest projects real envelopes the chaincode emitted.
     */
    private static final Set<String> NOT_READ_BY_THE_CLIENT = Set.of("CommandsApplied");
    // Serializes the client's parse with every field, null ones too, as the chaincode writes them.
    private static final Gson ALL_FIELDS = new GsonBuilder().serializeNulls().create();

    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();

    private static URLClassLoader chaincodeClasses;
    private static final List<ChaincodeEvent> events = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        chaincodeClasses = new URLClassLoader(new URL[] {DevnetExtension.tokenomicsJar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        try (FabricConnection connection = FabricConnection.open(
                ConnectionSettings.fromFile(devnet.devnet().connectionEnv()).resolve("ADMIN"), Duration.ofSeconds(60))) {
            int transactions = oneTransactionOfEveryKind(connection.contract());
            try (CloseableIterator<ChaincodeEvent> emitted = connection.network()
                    .newChaincodeEventsRequest(connection.config().chaincode()).startBlock(0).build()
                    .getEvents(options -> options.withDeadlineAfter(60, TimeUnit.SECONDS))) {
                while (events.size() < transactions && emitted.hasNext()) {
                    events.add(emitted.next());
                }
            }
        }
    }

    /** Submits a transaction of each event type the client reads, in order; returns how many (each emits one event). */
    private static int oneTransactionOfEveryKind(TokenomicsContract contract) throws LedgerException {
        contract.initialize("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[],\"operatorMspIds\":[]}");
        contract.distributeGenesis("{\"allocations\":[{\"walletId\":\"a\",\"owner\":\"" + OWNER + "\",\"amount\":1000},"
                + "{\"walletId\":\"b\",\"owner\":\"" + OWNER + "\",\"amount\":500}]}");
        contract.createWallet("c", OWNER);
        contract.mint("a", 100, "agree-mint");
        contract.burn("a", 10, "agree-burn");
        contract.transfer("a", "b", 5);
        contract.transferInternal("a", "c", 7, "REWARD", "thanks", "agree-internal");
        contract.batchTransfer("{\"transfers\":[{\"fromId\":\"a\",\"toId\":\"b\",\"amount\":3},"
                + "{\"fromId\":\"b\",\"toId\":\"c\",\"amount\":2}]}", "agree-batch");
        contract.freezeWallet("c", "audit");
        contract.unfreezeWallet("c");
        contract.mint("a", 100, "agree-mint"); // the same request again: replayed, nothing written
        return 11;
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (chaincodeClasses != null) {
            chaincodeClasses.close();
        }
    }

    private static List<String> chaincodeNames(String enumClass) throws ClassNotFoundException {
        Object[] constants = Class.forName(enumClass, true, chaincodeClasses).getEnumConstants();
        return Arrays.stream(constants).map(constant -> ((Enum<?>) constant).name()).toList();
    }

    private static List<String> names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).toList();
    }

    @Test
    void theClientKnowsExactlyTheChaincodesErrorCodes() throws Exception {
        // A code only the chaincode has would reach callers as a ChaincodeFailedException, not a typed rejection.
        assertThat(names(ChaincodeErrorCode.values()))
                .containsExactlyInAnyOrderElementsOf(chaincodeNames("dev.tokenomics.chaincode.errors.ErrorCode"));
    }

    @Test
    void theClientKnowsExactlyTheChaincodesWalletStatuses() throws Exception {
        assertThat(names(WalletStatus.values()))
                .containsExactlyInAnyOrderElementsOf(chaincodeNames("dev.tokenomics.chaincode.model.WalletStatus"));
    }

    @Test
    void everyEventTypeTheClientReadsWasEmittedAndTheClientsNamesAreTheChaincodes() throws Exception {
        List<String> chaincodeTypes = chaincodeNames("dev.tokenomics.chaincode.events.EventType");
        assertThat(chaincodeTypes).containsAll(NOT_READ_BY_THE_CLIENT).contains(LedgerEvent.OPERATION_REPLAYED);
        assertThat(events).extracting(event -> LedgerEvent.parse(payload(event)).eventType())
                .containsExactlyInAnyOrderElementsOf(chaincodeTypes.stream().filter(type -> !NOT_READ_BY_THE_CLIENT.contains(type)).toList());
    }

    @Test
    void everyEmittedEventParsesInTheClientToTheSameFields() {
        assertThat(events).hasSize(11).allSatisfy(event -> {
            String payload = payload(event);
            LedgerEvent parsed = LedgerEvent.parse(payload);
            // Written back field by field, the client's parse is the chaincode's JSON: no field dropped, renamed or retyped.
            JsonElement clientFields = JsonParser.parseString(ALL_FIELDS.toJson(parsed));
            assertThat(clientFields).as(payload).isEqualTo(JsonParser.parseString(payload));
            assertThat(parsed.eventType()).isEqualTo(event.getEventName());
        });
    }

    private static String payload(ChaincodeEvent event) {
        return new String(event.getPayload(), StandardCharsets.UTF_8);
    }
}
