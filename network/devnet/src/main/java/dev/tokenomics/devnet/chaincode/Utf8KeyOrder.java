package dev.tokenomics.devnet.chaincode;

import java.util.Comparator;

/**
 * Orders keys as Go orders strings (byte-wise on UTF-8), which is how Fabric sorts read and write
 * sets. Java's {@code String.compareTo} compares UTF-16 units and disagrees for supplementary
 * characters such as the {@code U+10FFFF} that closes composite-key ranges.
 */
final class Utf8KeyOrder implements Comparator<String> {
    static final Utf8KeyOrder INSTANCE = new Utf8KeyOrder();

    private Utf8KeyOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (U+D800..DFFF) encode code points above every BMP char in UTF-8.
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs != ys) {
                    return xs ? 1 : -1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
