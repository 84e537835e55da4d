package dev.tokenomics.chaincode.operations;

import java.util.logging.Logger;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.events.EventType;
import dev.tokenomics.chaincode.model.TokenConfig;

/** Initialize: fixes the token config once. Anyone may call it; the first committed call wins. */
public final class Initialization {
    private static final Logger LOG = Logger.getLogger(Initialization.class.getName());

    private Initialization() {
    }

    public static String initialize(Invocation tx, String configJson) {
        TokenConfig config = TokenConfig.parseArgument(configJson);
        // Reading the config key puts it in the read set: of two concurrent Initialize calls only one commits.
        if (tx.access().config().isPresent()) {
            throw LedgerRejection.of(ErrorCode.ALREADY_INITIALIZED, "the token is already initialized").build();
        }
        tx.state().putConfig(config);
        tx.state().emit(tx.event(EventType.Initialized, "INITIALIZE").build());
        LOG.info(() -> "tx " + tx.txId() + ": initialized token " + config.symbol() + " by " + tx.caller().id());
        return config.toJson();
    }
}
