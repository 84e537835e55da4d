package dev.tokenomics.devnet.identity;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointPreCompInfo;
import org.bouncycastle.math.ec.FixedPointUtil;

/**
 * Wider precomputed comb tables for the points ECDSA verification multiplies. A verification is
 * u1·G + u2·Q; once both points have been used a few times BouncyCastle computes it as one
 * interleaved fixed-point comb, and for P-256 its own tables are 6 bits wide (64 multiples, 43
 * rounds of an addition and a doubling). The devnet verifies against the same few points (the
 * generator and a handful of creators) for every transaction, so they get 8-bit tables (256
 * multiples, 16 KiB per point, kept with the key in the MSP's identity cache): 32 rounds.
 * BouncyCastle's {@code FixedPointUtil} keeps any table at least as large as the one it would
 * build, so the arithmetic and the comb algorithm remain BouncyCastle's; the table is built the way
 * {@code FixedPointUtil} builds its own, only wider.
 * Signing keeps the 6-bit table on its own generator instance: it looks entries up in constant
 * time, which costs more per entry than the rounds a wider table saves.
 */
final class WideCombTables {

    static final int WIDTH = 8;

    private WideCombTables() {
    }

    /** Gives {@code point} (normalised) an 8-bit comb table and returns it. */
    static ECPoint attach(ECPoint point) {
        ECPoint p = point.normalize();
        p.getCurve().precompute(p, FixedPointUtil.PRECOMP_NAME, existing -> table(p));
        return p;
    }

    private static FixedPointPreCompInfo table(ECPoint p) {
        ECCurve curve = p.getCurve();
        int rounds = (FixedPointUtil.getCombSize(curve) + WIDTH - 1) / WIDTH;
        // Column points 2^(i·rounds)·p, and in the last slot the offset the comb adds at the end.
        ECPoint[] columns = new ECPoint[WIDTH + 1];
        columns[0] = p;
        for (int i = 1; i < WIDTH; i++) {
            columns[i] = columns[i - 1].timesPow2(rounds);
        }
        columns[WIDTH] = columns[0].subtract(columns[1]);
        curve.normalizeAll(columns);

        int size = 1 << WIDTH;
        ECPoint[] multiples = new ECPoint[size];
        multiples[0] = columns[0];
        for (int bit = WIDTH - 1; bit >= 0; bit--) {
            int step = 1 << bit;
            for (int i = step; i < size; i += step << 1) {
                multiples[i] = multiples[i - step].add(columns[bit]);
            }
        }
        curve.normalizeAll(multiples);

        FixedPointPreCompInfo info = new FixedPointPreCompInfo();
        info.setLookupTable(curve.createCacheSafeLookupTable(multiples, 0, size));
        info.setOffset(columns[WIDTH]);
        info.setWidth(WIDTH);
        return info;
    }
}
