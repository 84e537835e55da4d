package dev.tokenomics.devnet.ledger;

import java.util.Comparator;

/** The order of state keys: Unicode code point order, identical to the UTF-8 byte order of Fabric's LevelDB. */
public final class KeyOrder {

    public static final Comparator<String> COMPARATOR = StateKey.CODE_POINT_ORDER;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        return StateKey.compareCodePoints(a, b);
    }
}
