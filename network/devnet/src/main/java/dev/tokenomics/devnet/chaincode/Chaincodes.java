package dev.tokenomics.devnet.chaincode;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The chaincodes defined on the channel and a way to run them. */
public interface Chaincodes {

    /** The definition version of a defined chaincode (goes into {@code ChaincodeAction.chaincode_id.version}). */
    Optional<String> version(String chaincodeName);

    /**
     * Runs the call on the chaincode's process; completes with the chaincode's response (any
     * status) or exceptionally with a {@link ChaincodeExecutionException}.
     */
    CompletableFuture<SimulationResult> execute(ChaincodeCall call);
}
