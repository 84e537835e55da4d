package dev.tokenomics.client.bench;

/** The nearest-rank percentile of latencies the benchmarks print. */
final class Percentile {
    private Percentile() {
    }

    /** The {@code p}th percentile of {@code sortedNanos} (ascending, not empty), in milliseconds. */
    static double millis(long[] sortedNanos, int p) {
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
