package dev.tokenomics.chaincode.access;

import java.util.Optional;

import dev.tokenomics.chaincode.errors.ErrorCode;
import dev.tokenomics.chaincode.errors.LedgerRejection;
import dev.tokenomics.chaincode.model.TokenConfig;
import dev.tokenomics.chaincode.state.WorldState;

/**
 * Decides roles for one transaction. The role attribute is checked first because it needs no
 * state; the token config (MSP lists) is read only when the attribute does not settle it, so a
 * Transfer by an attributed operator does not add the config key to its read set.
 */
public final class AccessPolicy {
    private final WorldState state;
    private final Caller caller;
    private Optional<TokenConfig> config;

    public AccessPolicy(WorldState state, Caller caller) {
        this.state = state;
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    /** The token config; read at most once per transaction. */
    public Optional<TokenConfig> config() {
        if (config == null) {
            config = state.config();
        }
        return config;
    }

    /** The config, or NOT_FOUND: wallets and supply only exist after Initialize. */
    public TokenConfig requireInitialized() {
        return config().orElseThrow(() -> LedgerRejection.of(ErrorCode.NOT_FOUND,
                "the token is not initialized; call Initialize first").detail("entity", "TokenConfig").build());
    }

    public boolean isAdmin() {
        return caller.hasRoleAttribute(Role.ADMIN)
                || config().map(c -> c.isAdminMsp(caller.mspId())).orElse(false);
    }

    public boolean isOperatorOrAdmin() {
        return caller.hasRoleAttribute(Role.OPERATOR) || caller.hasRoleAttribute(Role.ADMIN)
                || config().map(c -> c.isOperatorMsp(caller.mspId()) || c.isAdminMsp(caller.mspId())).orElse(false);
    }

    public void requireAdmin(String transaction) {
        if (!isAdmin()) {
            throw unauthorized(transaction, "admin");
        }
    }

    public void requireOperatorOrAdmin(String transaction) {
        if (!isOperatorOrAdmin()) {
            throw unauthorized(transaction, "operator or admin");
        }
    }

    public LedgerRejection unauthorized(String transaction, String required) {
        return LedgerRejection.of(ErrorCode.UNAUTHORIZED, transaction + " requires the " + required + " role")
                .detail("callerId", caller.id()).detail("mspId", caller.mspId())
                .detail("required", required).detail("transaction", transaction).build();
    }
}
