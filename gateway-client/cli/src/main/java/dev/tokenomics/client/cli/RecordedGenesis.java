package dev.tokenomics.client.cli;

import dev.tokenomics.client.contract.LedgerUnavailableException;
import dev.tokenomics.client.projector.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;

/**
 * The genesis already on the ledger, read from its GenesisDistributed chaincode event (the
 * chaincode keeps only the genesis transaction's id in state, and wallets change afterwards).
 */
final class RecordedGenesis {
    private static final String GENESIS_EVENT = "GenesisDistributed";

    private RecordedGenesis() {
    }

    /**
     * The allocations of the genesis, replaying the chaincode's events from block 0 until its
     * genesis event. Call only once the chaincode said a genesis exists: the event is then on the
     * ledger, and {@code timeout} bounds the replay of a long ledger or a peer that does not answer.
     */
    static List<GenesisAllocation> read(Network network, String chaincode, Duration timeout) throws LedgerUnavailableException {
        try (CloseableIterator<ChaincodeEvent> events = network.newChaincodeEventsRequest(chaincode).startBlock(0).build()
                .getEvents(options -> options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS))) {
            while (events.hasNext()) {
                ChaincodeEvent event = events.next();
                if (GENESIS_EVENT.equals(event.getEventName())) {
                    LedgerEvent genesis = LedgerEvent.parse(new String(event.getPayload(), StandardCharsets.UTF_8));
                    return genesis.walletsOrEmpty().stream()
                            .map(w -> new GenesisAllocation(w.walletId(), w.owner(), w.balance()))
                            .toList();
                }
            }
            throw new LedgerUnavailableException("UNAVAILABLE", "the chaincode event stream ended before the genesis event", null, null);
        } catch (GatewayRuntimeException e) {
            throw new LedgerUnavailableException(e.getStatus().getCode().name(),
                    "could not read the existing genesis from the chaincode events within " + timeout + ": " + e.getStatus(), null, e);
        }
    }
}
