package dev.tokenomics.devnet.chaincode;

import dev.tokenomics.devnet.ledger.StateSnapshot;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * One simulation to run: the chaincode named in the proposal is invoked with {@code input} against
 * {@code snapshot}; the full signed proposal travels with it because the shim derives the creator,
 * transient map and timestamp from it.
 */
public record ChaincodeCall(String channelId, String txId, String chaincodeName, ChaincodeInput input,
                            SignedProposal signedProposal, StateSnapshot snapshot) {
}
