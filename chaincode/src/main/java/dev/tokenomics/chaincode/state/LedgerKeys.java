package dev.tokenomics.chaincode.state;

import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * The key layout: one composite-key object type per entity, so a range over one type never sees
 * another. Singletons are composite keys without attributes.
 */
public final class LedgerKeys {
    public static final String WALLET = "Wallet";
    public static final String IDEMPOTENCY_RECORD = "IdempotencyRecord";
    public static final String GENESIS_MINTED = "GenesisMinted";
    public static final String TOKEN_CONFIG = "TokenConfig";
    public static final String TOTAL_SUPPLY = "TotalSupply";

    private static final String CONFIG_KEY = new CompositeKey(TOKEN_CONFIG).toString();
    private static final String SUPPLY_KEY = new CompositeKey(TOTAL_SUPPLY).toString();
    private static final String GENESIS_KEY = new CompositeKey(GENESIS_MINTED).toString();

    private LedgerKeys() {
    }

    public static String wallet(String walletId) {
        return new CompositeKey(WALLET, walletId).toString();
    }

    public static String idempotencyRecord(String idempotencyKey) {
        return new CompositeKey(IDEMPOTENCY_RECORD, idempotencyKey).toString();
    }

    public static String tokenConfig() {
        return CONFIG_KEY;
    }

    public static String totalSupply() {
        return SUPPLY_KEY;
    }

    public static String genesisMinted() {
        return GENESIS_KEY;
    }

    /** The prefix every wallet key starts with, for paginated listing. */
    public static CompositeKey walletPrefix() {
        return new CompositeKey(WALLET);
    }
}
