package dev.tokenomics.devnet.ledger;

import java.util.Comparator;

/**
 * A public-state key in one namespace. Keys order by Unicode code point, which is the UTF-8 byte
 * order Fabric's LevelDB uses (Java's String order differs for characters above U+E000 versus
 * surrogate pairs, and composite-key ranges end at U+10FFFF).
 */
record StateKey(String namespace, String key) implements Comparable<StateKey> {

    static final Comparator<String> CODE_POINT_ORDER = StateKey::compareCodePoints;

    @Override
    public int compareTo(StateKey other) {
        int byNamespace = compareCodePoints(namespace, other.namespace);
        return byNamespace != 0 ? byNamespace : compareCodePoints(key, other.key);
    }

    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return fixUp(x) - fixUp(y);
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF so UTF-16 units compare in code point order. */
    private static int fixUp(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
