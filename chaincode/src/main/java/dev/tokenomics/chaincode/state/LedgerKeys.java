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

    /** The shim's composite-key namespace and segment delimiter (both U+0000). */
    private static final char SEGMENT_DELIMITER = '\u0000';

    private static final String CONFIG_KEY = new CompositeKey(TOKEN_CONFIG).toString();
    private static final String SUPPLY_KEY = new CompositeKey(TOTAL_SUPPLY).toString();
    private static final String GENESIS_KEY = new CompositeKey(GENESIS_MINTED).toString();

    private LedgerKeys() {
    }

    public static String wallet(String walletId) {
        return composite(WALLET, walletId);
    }

    public static String idempotencyRecord(String idempotencyKey) {
        return composite(IDEMPOTENCY_RECORD, idempotencyKey);
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

    /**
     * The string {@code new CompositeKey(objectType, attribute).toString()} returns, built here
     * because the shim's constructor compiles a regular expression per segment on every call: a
     * tenth of an ApplyCommands envelope's CPU, whose every command makes two keys. An attribute
     * holding a character the shim refuses in a segment (U+0000, U+10FFFF; never in an identifier
     * ArgumentRules accepts) goes through CompositeKey, so it fails exactly as it always did.
     */
    static String composite(String objectType, String attribute) {
        if (attribute.indexOf(SEGMENT_DELIMITER) >= 0 || attribute.indexOf(Character.MAX_CODE_POINT) >= 0) {
            return new CompositeKey(objectType, attribute).toString();
        }
        return SEGMENT_DELIMITER + objectType + SEGMENT_DELIMITER + attribute + SEGMENT_DELIMITER;
    }

    /** The prefix every wallet key starts with, for paginated listing. */
    public static CompositeKey walletPrefix() {
        return new CompositeKey(WALLET);
    }
}
