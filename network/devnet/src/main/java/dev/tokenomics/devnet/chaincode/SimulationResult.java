package dev.tokenomics.devnet.chaincode;

import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * What a chaincode returned (its {@code COMPLETED} message) and what it read and wrote.
 *
 * @param event the chaincode event with chaincode id and tx id filled by the peer, or null if none was set
 */
public record SimulationResult(Response response, ChaincodeEvent event, TxReadWriteSet readWriteSet) {
}
